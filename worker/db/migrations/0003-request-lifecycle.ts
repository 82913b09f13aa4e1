import type { Migration } from './migration'

/**
 * What a request needs to live for weeks: a version for optimistic
 * concurrency, how it ended, a history written in the same transaction as
 * every write, and the indexes the list and the expiry sweep read through.
 */
export const requestLifecycle: Migration = {
  name: '0003-request-lifecycle',
  up: async ({ context: sequelize }) => {
    await sequelize.query(`
      ALTER TABLE waitlist_requests
        ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version > 0),
        ADD COLUMN cancellation_reason text NULL CHECK (char_length(cancellation_reason) <= 500),
        ADD COLUMN booked_appointment_id text NULL,
        ADD COLUMN booked_appointment_start timestamptz NULL;

      CREATE TABLE waitlist_request_history (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        request_id uuid NOT NULL REFERENCES waitlist_requests (id) ON DELETE CASCADE,
        -- The version the write produced: one entry per version, so a rerun cannot record a write twice.
        version integer NOT NULL CHECK (version > 0),
        event text NOT NULL CHECK (event IN ('created', 'changed', 'cancelled', 'fulfilled', 'expired')),
        changes jsonb NOT NULL DEFAULT '[]',
        actor text NOT NULL,
        at timestamptz NOT NULL,
        -- The change_id of the job that wrote it: a job run again finds its write here and does not repeat it.
        operation_id uuid NULL,
        UNIQUE (request_id, version)
      );
      -- Partial: creates and expiry carry no change_id, so the sweep's 100,000 entries add nothing to this index.
      CREATE UNIQUE INDEX waitlist_request_history_operation ON waitlist_request_history (operation_id)
        WHERE operation_id IS NOT NULL;

      -- Requests created before this migration get their 'created' entry, so every history starts at version 1.
      INSERT INTO waitlist_request_history (request_id, version, event, actor, at)
        SELECT id, 1, 'created', created_by, created_at FROM waitlist_requests;

      -- Staff listing their organization's waitlist without naming a clinic.
      CREATE INDEX waitlist_requests_org_order ON waitlist_requests (organization_id, status, priority, created_at, id);
      -- No index per other sort order (created_at, date_range_end): a clinic's requests of one status are found
      -- through waitlist_requests_clinic_order and sorted, a few thousand rows, while every index is paid for by
      -- every status change (the expiry sweep of 100,000 rows most of all).
      -- The expiry sweep reads only ACTIVE requests by end date; ended ones drop out of this index.
      CREATE INDEX waitlist_requests_active_end ON waitlist_requests (date_range_end) WHERE status = 'ACTIVE';
    `)
  },
  down: async ({ context: sequelize }) => {
    await sequelize.query(`
      DROP INDEX waitlist_requests_active_end, waitlist_requests_org_order;
      DROP TABLE waitlist_request_history;
      ALTER TABLE waitlist_requests DROP COLUMN version, DROP COLUMN cancellation_reason,
        DROP COLUMN booked_appointment_id, DROP COLUMN booked_appointment_start;
    `)
  },
}
