import type { Migration } from './migration'

/**
 * An organization's say over the priority its patients state on a create
 * (docs/reference-data.md): `accept`, what the service did before, for every
 * organization already loaded.
 */
export const patientPrioritySetting: Migration = {
  name: '0006-patient-priority-setting',
  up: async ({ context: sequelize }) => {
    await sequelize.query(`
      ALTER TABLE organizations ADD COLUMN waitlist_patient_priority text NOT NULL DEFAULT 'accept'
        CHECK (waitlist_patient_priority IN ('accept', 'ignore'))
    `)
  },
  down: async ({ context: sequelize }) => {
    await sequelize.query('ALTER TABLE organizations DROP COLUMN waitlist_patient_priority')
  },
}
