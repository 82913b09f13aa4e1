import type { Migration } from './migration'

/**
 * `GET /apis/v1/offers?request_id=` pages a request's offers newest first.
 * Without this index the only way in is the organization's offers by
 * creation time, every one of them read to find the request's few.
 * Migrations run before the service starts, so it is built plainly, not
 * CONCURRENTLY.
 */
export const offersByRequest: Migration = {
  name: '0011-offers-by-request',
  up: async ({ context: sequelize }) => {
    await sequelize.query('CREATE INDEX offers_request_created ON offers (request_id, created_at, id)')
  },
  down: async ({ context: sequelize }) => {
    await sequelize.query('DROP INDEX offers_request_created')
  },
}
