import type { Migration } from './migration'

/**
 * The outbox (docs/webhooks.md): each offer and booking event is a row written in the transaction of the change it
 * describes, so an event exists exactly when its change does, then is delivered by a job and marked. `last_error` is
 * a short code (`http_503`, `timeout`), never a receiver's answer, which could repeat what it was sent. The partial
 * index keeps the sweep's search for undelivered events small however many delivered ones pile up.
 */
export const outboxEvents: Migration = {
  name: '0009-outbox-events',
  up: async ({ context: sequelize }) => {
    await sequelize.query(`
      CREATE TABLE outbox_events (
        id uuid PRIMARY KEY,
        organization_id text NOT NULL REFERENCES organizations (id),
        type text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz NULL,
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        last_error text NULL
      );
      CREATE INDEX outbox_events_undelivered ON outbox_events (created_at) WHERE delivered_at IS NULL;
    `)
  },
  down: async ({ context: sequelize }) => {
    await sequelize.query('DROP TABLE outbox_events')
  },
}
