import type { Migration } from './migration'

export const referenceData: Migration = {
  name: '0001-reference-data',
  up: async ({ context: sequelize }) => {
    await sequelize.query(`
      CREATE TABLE organizations (
        id text PRIMARY KEY,
        name text NOT NULL,
        waitlist_enabled boolean NULL,
        waitlist_max_span_days integer NOT NULL DEFAULT 30 CHECK (waitlist_max_span_days > 0)
      );
      CREATE TABLE clinics (
        id text PRIMARY KEY,
        organization_id text NOT NULL REFERENCES organizations (id),
        name text NOT NULL,
        timezone text NOT NULL
      );
      CREATE INDEX clinics_organization_id ON clinics (organization_id);
      CREATE TABLE providers (
        id text PRIMARY KEY,
        first_name text NOT NULL,
        last_name text NOT NULL,
        title text NOT NULL
      );
      CREATE TABLE provider_clinics (
        provider_id text NOT NULL REFERENCES providers (id) ON DELETE CASCADE,
        clinic_id text NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
        PRIMARY KEY (provider_id, clinic_id)
      );
      CREATE TABLE patients (
        id text PRIMARY KEY,
        organization_id text NOT NULL REFERENCES organizations (id),
        first_name text NOT NULL,
        last_name text NOT NULL
      );
      CREATE TABLE appointment_categories (
        id text PRIMARY KEY,
        name text NOT NULL,
        appointment_type text NOT NULL CHECK (appointment_type IN ('INITIAL_EVAL', 'FOLLOW_UP')),
        duration_minutes integer NOT NULL CHECK (duration_minutes > 0)
      );
      CREATE TABLE category_clinics (
        category_id text NOT NULL REFERENCES appointment_categories (id) ON DELETE CASCADE,
        clinic_id text NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
        PRIMARY KEY (category_id, clinic_id)
      );
    `)
  },
  down: async ({ context: sequelize }) => {
    await sequelize.query(`
      DROP TABLE category_clinics, appointment_categories, patients, provider_clinics, providers, clinics, organizations;
    `)
  },
}
