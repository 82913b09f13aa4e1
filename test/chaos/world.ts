import jwt from 'jsonwebtoken'
import { DateTime } from 'luxon'

/**
 * The organization the chaos run works in: one clinic whose requests live through changes, cancels and fulfils,
 * one whose requests are offered the openings (so an acceptance never races a change the run made on purpose),
 * one provider and one 60-minute category at both, and two hundred patients. The offer policy lets any slot be
 * offered at any hour, three patients a round.
 */
export const ORG = 'org-chaos'
export const LIFECYCLE_CLINIC = 'clinic-chaos-life'
export const OFFER_CLINIC = 'clinic-chaos-offers'
export const PROVIDER = 'prov-chaos'
const CATEGORY = 'cat-chaos'
const PATIENTS = 200
const ZONES = { [LIFECYCLE_CLINIC]: 'America/New_York', [OFFER_CLINIC]: 'Europe/Berlin' } as const

export const patientId = (n: number): string => `pat-chaos-${String(n).padStart(3, '0')}`
export const patientCount = PATIENTS

/** As `npm run db:seed` takes it (the seed decodes it). */
export const referenceData = (webhookUrl: string, webhookSecret: string): Record<string, unknown> => ({
  organizations: [
    {
      id: ORG,
      name: 'Chaos',
      waitlist: {
        enabled: true,
        max_span_days: 60,
        offers: {
          batch_size: 3,
          hold_seconds: 60,
          min_notice_minutes: 0,
          quiet_hours: null,
          max_offers_per_patient_per_day: 100,
        },
      },
      webhook: { url: webhookUrl, secret: webhookSecret },
    },
  ],
  clinics: Object.entries(ZONES).map(([id, timezone]) => ({ id, organization_id: ORG, name: id, timezone })),
  providers: [{ id: PROVIDER, clinic_ids: Object.keys(ZONES), first_name: 'Cass', last_name: 'Oz', title: 'PT' }],
  patients: Array.from({ length: PATIENTS }, (_, i) => ({
    id: patientId(i + 1),
    organization_id: ORG,
    first_name: 'P',
    last_name: String(i + 1),
  })),
  appointment_categories: [
    {
      id: CATEGORY,
      clinic_ids: Object.keys(ZONES),
      name: 'Rehab',
      appointment_type: 'INITIAL_EVAL',
      duration_minutes: 60,
    },
  ],
})

export interface Tokens {
  readonly patient: (id: string) => string
  readonly staff: (sub: string) => string
}

/** Tokens as the identity provider would sign them (HS256, an hour long), with the run's own secret. */
export const tokens = (secret: string): Tokens => {
  const sign = (claims: Record<string, unknown>) => jwt.sign(claims, secret, { algorithm: 'HS256', expiresIn: 3600 })
  return {
    patient: (id) => sign({ sub: `user-${id}`, role: 'USER', patient_id: id }),
    staff: (sub) => sign({ sub, role: 'STAFF', org_id: ORG }),
  }
}

/** A date `days` from today on the clinic's calendar. */
export const clinicDay = (clinic: keyof typeof ZONES, days: number): DateTime =>
  DateTime.now().setZone(ZONES[clinic]).startOf('day').plus({ days })

/** A body filed at `clinic` for any slot in the next four weeks, carrying `marker` in its notes. */
export const requestBody = (
  clinic: keyof typeof ZONES,
  marker: string,
  priority: number,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> => ({
  clinic_id: clinic,
  date_range_start: clinicDay(clinic, 1).toISODate(),
  date_range_end: clinicDay(clinic, 29).toISODate(),
  appointment_category_id: CATEGORY,
  payment_type: 'SELF_PAY',
  priority,
  notes: marker,
  ...overrides,
})
