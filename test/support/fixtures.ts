import { DateTime } from 'luxon'
import type { ReferenceDataFile } from '../../shared/reference-data/reference-data-file'

/**
 * Reference data for the integration suite: organizations configured every
 * way docs/contract.md#the-waitlist-feature distinguishes (span 60, default span 30, not configured,
 * disabled) and clinics on both sides of the date line.
 */
export const fixtures = {
  organizations: [
    { id: 'org-a', name: 'Org A', waitlist: { enabled: true, max_span_days: 60 } },
    { id: 'org-b', name: 'Org B', waitlist: { enabled: true } },
    { id: 'org-c', name: 'Org C (no waitlist)', waitlist: null },
    { id: 'org-d', name: 'Org D (waitlist off)', waitlist: { enabled: false, max_span_days: 90 } },
  ],
  clinics: [
    { id: 'clinic-a1', organization_id: 'org-a', name: 'A1', timezone: 'America/New_York' },
    { id: 'clinic-a2', organization_id: 'org-a', name: 'A2', timezone: 'Pacific/Kiritimati' },
    { id: 'clinic-a3', organization_id: 'org-a', name: 'A3', timezone: 'Pacific/Pago_Pago' },
    { id: 'clinic-b1', organization_id: 'org-b', name: 'B1', timezone: 'Europe/London' },
    { id: 'clinic-c1', organization_id: 'org-c', name: 'C1', timezone: 'America/Chicago' },
    { id: 'clinic-d1', organization_id: 'org-d', name: 'D1', timezone: 'America/Denver' },
  ],
  providers: [
    { id: 'prov-a1', clinic_ids: ['clinic-a1'], first_name: 'Maria', last_name: 'Lopez', title: 'DPT' },
    {
      id: 'prov-a2',
      clinic_ids: ['clinic-a1', 'clinic-a2', 'clinic-a3'],
      first_name: 'Sam',
      last_name: 'Okafor',
      title: 'PT',
    },
    { id: 'prov-a3', clinic_ids: ['clinic-a2'], first_name: 'Priya', last_name: 'Shah', title: 'DPT' },
    { id: 'prov-b1', clinic_ids: ['clinic-b1'], first_name: 'Ben', last_name: 'Hart', title: 'PT' },
  ],
  patients: [
    { id: 'pat-a1', organization_id: 'org-a', first_name: 'Jane', last_name: 'Doe' },
    { id: 'pat-a2', organization_id: 'org-a', first_name: 'John', last_name: 'Smith' },
    { id: 'pat-b1', organization_id: 'org-b', first_name: 'Bea', last_name: 'Brown' },
    { id: 'pat-c1', organization_id: 'org-c', first_name: 'Cy', last_name: 'Clark' },
    { id: 'pat-d1', organization_id: 'org-d', first_name: 'Di', last_name: 'Dunn' },
  ],
  appointment_categories: [
    {
      id: 'cat-eval',
      clinic_ids: ['clinic-a1', 'clinic-a2', 'clinic-a3'],
      name: 'Physical Therapy',
      appointment_type: 'INITIAL_EVAL',
      duration_minutes: 60,
    },
    {
      id: 'cat-follow',
      clinic_ids: ['clinic-a1'],
      name: 'PT Follow-up',
      appointment_type: 'FOLLOW_UP',
      duration_minutes: 30,
    },
    {
      id: 'cat-b',
      clinic_ids: ['clinic-b1'],
      name: 'Sports Rehab',
      appointment_type: 'INITIAL_EVAL',
      duration_minutes: 45,
    },
    { id: 'cat-c', clinic_ids: ['clinic-c1'], name: 'Rehab', appointment_type: 'INITIAL_EVAL', duration_minutes: 45 },
    { id: 'cat-d', clinic_ids: ['clinic-d1'], name: 'Rehab', appointment_type: 'INITIAL_EVAL', duration_minutes: 45 },
  ],
} satisfies ReferenceDataFile | Record<string, unknown>

export const zoneOf = (clinicId: string): string =>
  fixtures.clinics.find((clinic) => clinic.id === clinicId)?.timezone ?? 'UTC'

/** A date `days` from today on the clinic's own calendar. */
export const clinicDate = (clinicId: string, days: number): string =>
  DateTime.now().setZone(zoneOf(clinicId)).plus({ days }).toISODate() ?? ''

/** A valid body for clinic-a1, close to the API page's example; override what a test is about. */
export const validBody = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  clinic_id: 'clinic-a1',
  preferred_providers: ['prov-a1', 'prov-a2'],
  preferred_time_slots: ['MORNING', 'AFTERNOON'],
  preferred_days: ['MONDAY', 'WEDNESDAY', 'FRIDAY'],
  date_range_start: clinicDate('clinic-a1', 7),
  date_range_end: clinicDate('clinic-a1', 38),
  appointment_category_id: 'cat-eval',
  appointment_category: 'Physical Therapy',
  appointment_type: 'Initial Evaluation',
  payment_type: 'INSURANCE_PAY',
  priority: 3,
  notes: 'Patient prefers morning appointments',
  ...overrides,
})
