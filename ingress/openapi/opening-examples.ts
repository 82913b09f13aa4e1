import type { Examples } from './route-doc'
import { OFFER } from './offer-examples'

export const OPEN_BODY: Examples = {
  released: {
    summary: 'A cancellation, from the practice system',
    value: {
      clinic_id: 'clinic-123',
      provider_id: 'provider-789',
      start: '2026-12-07T09:30:00-05:00',
      duration_minutes: 60,
      external_id: 'pms-appt-991',
      released_by_patient_id: 'patient-013',
    },
    source: 'docs/queue-contract.md',
  },
}

const opening = {
  id: '0b6f0e2c-8a1d-4e3b-9c47-2f5d6a7b8c9d',
  clinic_id: 'clinic-123',
  provider_id: 'provider-789',
  start: '2026-12-07T14:30:00.000Z',
  end: '2026-12-07T15:30:00.000Z',
  duration_minutes: 60,
  appointment_category_ids: [],
  external_id: 'pms-appt-991',
  released_by_patient_id: 'patient-013',
  status: 'OPEN',
  created_at: '2026-12-04T14:19:58.120Z',
  created_by: 'user-123',
}

export const OPENING: Examples = { open: { summary: 'Open', value: opening } }

export const WITHDRAWN: Examples = { withdrawn: { summary: 'Withdrawn', value: { ...opening, status: 'WITHDRAWN' } } }

export const OPENING_WITH_OFFERS: Examples = {
  offered: { summary: 'Its first round out', value: { ...opening, offers: [OFFER['pending']!.value] } },
}

export const OPENING_PAGE: Examples = {
  page: { summary: 'A last page', value: { items: [opening], next_cursor: null } },
}

export const CANDIDATES: Examples = {
  list: {
    summary: 'Who fits, in order',
    value: {
      opening_id: '0b6f0e2c-8a1d-4e3b-9c47-2f5d6a7b8c9d',
      items: [
        {
          rank: 1,
          request_id: '3f0c2a9e-4f1b-4c55-9d1e-7a0e5b6c8d90',
          patient_id: 'patient-012',
          priority: 2,
          waiting_since: '2026-11-20T14:03:11.120Z',
          reasons: [
            { code: 'STATUS', message: 'the request is ACTIVE' },
            { code: 'CLINIC', message: "the request is for clinic-123, the slot's clinic" },
            { code: 'RELEASED_BY_PATIENT', message: 'patient-012 did not release this slot' },
            { code: 'CATEGORY', message: 'needs 60 minutes; the slot is 60 minutes' },
            { code: 'PROVIDER', message: 'prefers provider-012 or provider-789; the slot is with provider-789' },
            {
              code: 'DATE',
              message: 'wants 2026-12-06 to 2027-01-06; the slot is on 2026-12-07 in America/New_York',
            },
            {
              code: 'WEEKDAY',
              message: 'prefers MONDAY, WEDNESDAY or FRIDAY; the slot is on MONDAY in America/New_York',
            },
            {
              code: 'PART_OF_DAY',
              message: 'prefers MORNING or AFTERNOON; the slot starts 09:30 in America/New_York',
            },
            {
              code: 'NAMES_PROVIDER',
              message: 'names provider-789; placed before otherwise equal requests that take any provider',
            },
          ],
        },
      ],
    },
    source: 'docs/api.md',
  },
  one: {
    summary: '?request_id=…: why one request does not fit',
    value: {
      request_id: '3f0c2a9e-4f1b-4c55-9d1e-7a0e5b6c8d90',
      patient_id: 'patient-012',
      fits: false,
      rank: null,
      reasons: [
        {
          code: 'WEEKDAY',
          message: 'prefers MONDAY, WEDNESDAY or FRIDAY; the slot is on TUESDAY in America/New_York',
        },
        { code: 'PART_OF_DAY', message: 'prefers MORNING; the slot starts 14:30 in America/New_York' },
      ],
    },
    source: 'docs/api.md',
  },
}
