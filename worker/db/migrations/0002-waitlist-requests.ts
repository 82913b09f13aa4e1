import type { Migration } from './migration'

export const waitlistRequests: Migration = {
  name: '0002-waitlist-requests',
  up: async ({ context: sequelize }) => {
    await sequelize.query(`
      CREATE TABLE waitlist_requests (
        id uuid PRIMARY KEY,
        organization_id text NOT NULL REFERENCES organizations (id),
        clinic_id text NOT NULL REFERENCES clinics (id),
        patient_id text NOT NULL REFERENCES patients (id),
        preferred_providers text[] NOT NULL DEFAULT '{}',
        preferred_time_slots text[] NOT NULL DEFAULT '{}',
        preferred_days text[] NOT NULL DEFAULT '{}',
        date_range_start date NOT NULL,
        date_range_end date NOT NULL,
        appointment_category_id text NOT NULL REFERENCES appointment_categories (id),
        appointment_category text NOT NULL,
        appointment_type text NOT NULL CHECK (appointment_type IN ('INITIAL_EVAL', 'FOLLOW_UP')),
        appointment_duration integer NOT NULL CHECK (appointment_duration > 0),
        payment_type text NOT NULL CHECK (payment_type IN ('SELF_PAY', 'INSURANCE_PAY')),
        priority smallint NOT NULL CHECK (priority BETWEEN 1 AND 5),
        status text NOT NULL CHECK (status IN ('ACTIVE', 'FULFILLED', 'CANCELLED', 'EXPIRED')),
        notes text NULL CHECK (char_length(notes) <= 2000),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        created_by text NOT NULL,
        updated_by text NOT NULL,
        CHECK (date_range_end >= date_range_start)
      );
      -- A clinic's waitlist in order: most urgent first, then oldest.
      CREATE INDEX waitlist_requests_clinic_order ON waitlist_requests (clinic_id, status, priority, created_at, id);
      CREATE INDEX waitlist_requests_patient ON waitlist_requests (patient_id, created_at);
    `)
  },
  down: async ({ context: sequelize }) => {
    await sequelize.query('DROP TABLE waitlist_requests')
  },
}
