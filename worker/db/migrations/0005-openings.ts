import type { Migration } from './migration'

/**
 * Openings (docs/matching.md): free slots that waitlist requests are matched
 * against, and the index the candidate query reads a clinic's ACTIVE requests
 * through. Migrations run before the service starts, so the index is built
 * plainly, not CONCURRENTLY.
 */
export const openings: Migration = {
  name: '0005-openings',
  up: async ({ context: sequelize }) => {
    await sequelize.query(`
      CREATE TABLE openings (
        id uuid PRIMARY KEY,
        organization_id text NOT NULL REFERENCES organizations (id),
        clinic_id text NOT NULL REFERENCES clinics (id),
        provider_id text NOT NULL REFERENCES providers (id),
        start timestamptz NOT NULL,
        "end" timestamptz NOT NULL,
        duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 5 AND 480),
        -- NULL: any category offered at the clinic whose duration fits; never an empty array.
        appointment_category_ids text[] NULL CHECK (cardinality(appointment_category_ids) > 0),
        external_id text NULL,
        released_by_patient_id text NULL REFERENCES patients (id),
        status text NOT NULL CHECK (status IN ('OPEN', 'FILLED', 'WITHDRAWN', 'EXPIRED')),
        created_at timestamptz NOT NULL,
        created_by text NOT NULL,
        updated_at timestamptz NOT NULL,
        updated_by text NOT NULL,
        -- The change_id of the job that last changed the status: a rerun of that job finds its write done.
        status_change_id uuid NULL,
        CHECK ("end" = start + make_interval(mins => duration_minutes))
      );
      -- The same clinic + external_id is the same opening: a second insert finds the first, whoever races it.
      CREATE UNIQUE INDEX openings_clinic_external_id ON openings (clinic_id, external_id)
        WHERE external_id IS NOT NULL;
      -- Listing openings, soonest first: a clinic's, or the whole organization's.
      CREATE INDEX openings_clinic_order ON openings (clinic_id, status, start, id);
      CREATE INDEX openings_org_order ON openings (organization_id, status, start, id);

      -- The candidate query: a clinic's ACTIVE requests whose range holds the slot's local date. Openings are mostly
      -- soon and ACTIVE ranges all end today or later, so the start bounds the scan; the end is judged in the index,
      -- before any row is read.
      CREATE INDEX waitlist_requests_active_clinic_range ON waitlist_requests (clinic_id, date_range_start, date_range_end)
        WHERE status = 'ACTIVE';
    `)
  },
  down: async ({ context: sequelize }) => {
    await sequelize.query(`
      DROP INDEX waitlist_requests_active_clinic_range;
      DROP TABLE openings;
    `)
  },
}
