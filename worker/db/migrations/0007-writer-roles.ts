import type { Migration } from './migration'

const ROLES = "('USER', 'CLINICIAN', 'STAFF', 'ADMIN')"

/**
 * The role each write was made in, beside the `sub` recorded already, so a
 * patient can be shown a write by staff as "clinic staff" rather than a staff
 * member's id. NULL: the service's own writes (expiry), and every write made
 * before this migration, whose role was not recorded.
 */
export const writerRoles: Migration = {
  name: '0007-writer-roles',
  up: async ({ context: sequelize }) => {
    await sequelize.query(`
      ALTER TABLE waitlist_requests
        ADD COLUMN created_by_role text NULL CHECK (created_by_role IN ${ROLES}),
        ADD COLUMN updated_by_role text NULL CHECK (updated_by_role IN ${ROLES});
      ALTER TABLE waitlist_request_history ADD COLUMN actor_role text NULL CHECK (actor_role IN ${ROLES});
    `)
  },
  down: async ({ context: sequelize }) => {
    await sequelize.query(`
      ALTER TABLE waitlist_request_history DROP COLUMN actor_role;
      ALTER TABLE waitlist_requests DROP COLUMN created_by_role, DROP COLUMN updated_by_role;
    `)
  },
}
