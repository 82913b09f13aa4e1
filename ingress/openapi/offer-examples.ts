import type { Examples } from './route-doc'

const offer = {
  id: 'c0a8012e-7f3b-4d9e-8a1c-5b6d7e8f9a0b',
  opening_id: '0b6f0e2c-8a1d-4e3b-9c47-2f5d6a7b8c9d',
  request_id: '3f0c2a9e-4f1b-4c55-9d1e-7a0e5b6c8d90',
  patient_id: 'patient-012',
  status: 'PENDING',
  round: 1,
  rank: 1,
  reasons: [
    { code: 'STATUS', message: 'the request is ACTIVE' },
    { code: 'CLINIC', message: "the request is for clinic-123, the slot's clinic" },
  ],
  expires_at: '2026-12-04T16:20:00.000Z',
  created_at: '2026-12-04T14:20:00.000Z',
  responded_at: null,
  decline_reason: null,
  slot: {
    clinic_id: 'clinic-123',
    provider: { id: 'provider-789', first_name: 'Maria', last_name: 'Lopez', title: 'DPT' },
    start: '2026-12-07T14:30:00.000Z',
    end: '2026-12-07T15:30:00.000Z',
    duration_minutes: 60,
    timezone: 'America/New_York',
  },
  link: 'http://localhost:3000/offers/wKgBLn87TZ6KHFttfo-aCzT5L34phlPxFOu5Lwt5amw',
}

export const OFFER: Examples = { pending: { summary: 'Waiting for the patient', value: offer, source: 'docs/api.md' } }

export const OFFER_PAGE: Examples = {
  page: { summary: "Jane's offers waiting for her", value: { items: [offer], next_cursor: null } },
}

const answeredAt = '2026-12-04T15:02:41.300Z'

export const ACCEPTED: Examples = {
  accepted: {
    summary: 'Accepted: the slot is booked',
    value: {
      ...offer,
      status: 'ACCEPTED',
      responded_at: answeredAt,
      booking: {
        offer_id: offer.id,
        request_id: offer.request_id,
        patient_id: offer.patient_id,
        provider_id: 'provider-789',
        start: offer.slot.start,
        end: offer.slot.end,
        appointment_category_id: '2058',
        booked_at: answeredAt,
        booked_by: 'user-jane',
      },
    },
  },
}

export const DECLINED: Examples = {
  declined: {
    summary: 'Declined, with a reason',
    value: { ...offer, status: 'DECLINED', responded_at: answeredAt, decline_reason: 'away that week' },
  },
}

export const DECLINE_BODY: Examples = {
  reason: { summary: 'With a reason', value: { reason: 'away that week' }, source: 'docs/queue-contract.md' },
  none: { summary: 'Without one', value: {} },
}
