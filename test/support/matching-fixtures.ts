import type { FitRequest } from '../../shared/openings/fit'
import type { OpeningAtClinic } from '../../shared/openings/slot-facts'

/**
 * A request and an opening that fit each other, for tests to change one field
 * at a time: an ACTIVE 60-minute request at clinic-123 for March 2026 with no
 * preferences, and a 60-minute slot there on Tuesday 2026-03-10 at 10:00 in
 * America/New_York.
 */
export const fitRequest = (overrides: Partial<Record<keyof FitRequest, unknown>> = {}): FitRequest =>
  ({
    clinic_id: 'clinic-123',
    patient_id: 'patient-012',
    status: 'ACTIVE',
    appointment_category_id: '2058',
    appointment_duration: 60,
    preferred_providers: [],
    preferred_time_slots: [],
    preferred_days: [],
    date_range_start: '2026-03-01',
    date_range_end: '2026-03-31',
    ...overrides,
  }) as FitRequest

export const openingAt = (overrides: Partial<Record<keyof OpeningAtClinic, unknown>> = {}): OpeningAtClinic =>
  ({
    clinic_id: 'clinic-123',
    provider_id: 'provider-789',
    start: '2026-03-10T14:00:00.000Z',
    duration_minutes: 60,
    appointment_category_ids: [],
    released_by_patient_id: null,
    timezone: 'America/New_York',
    ...overrides,
  }) as OpeningAtClinic
