import type { Examples } from './route-doc'

/** The request the README files, as a producer of the queue contract sends it. */
export const CREATE_BODY: Examples = {
  readme: {
    summary: "The README's request",
    value: {
      clinic_id: 'clinic-123',
      preferred_providers: ['provider-789', 'provider-012'],
      preferred_time_slots: ['MORNING', 'AFTERNOON'],
      preferred_days: ['MONDAY', 'WEDNESDAY', 'FRIDAY'],
      date_range_start: '2026-12-01',
      date_range_end: '2026-12-31',
      appointment_category_id: '2058',
      appointment_category: 'Physical Therapy',
      appointment_type: 'Initial Evaluation',
      payment_type: 'INSURANCE_PAY',
      priority: 3,
      notes: 'Patient prefers morning appointments',
    },
  },
  fewest: {
    summary: 'Only what is required, and a priority',
    value: {
      clinic_id: 'clinic-123',
      preferred_providers: ['provider-789'],
      date_range_start: '2026-12-01',
      date_range_end: '2026-12-20',
      appointment_category_id: '2058',
      payment_type: 'INSURANCE_PAY',
      priority: 2,
    },
    source: 'docs/queue-contract.md',
  },
}

export const WAITLIST_REQUEST: Examples = {
  created: {
    summary: 'As created',
    value: {
      id: '3f0c2a9e-4f1b-4c55-9d1e-7a0e5b6c8d90',
      clinic_id: 'clinic-123',
      patient_id: 'patient-012',
      preferred_providers: ['provider-789', 'provider-012'],
      preferred_provider_details: [
        { id: 'provider-789', first_name: 'Maria', last_name: 'Lopez', title: 'DPT' },
        { id: 'provider-012', first_name: 'Sam', last_name: 'Okafor', title: 'PT' },
      ],
      preferred_time_slots: ['MORNING', 'AFTERNOON'],
      preferred_days: ['MONDAY', 'WEDNESDAY', 'FRIDAY'],
      date_range_start: '2026-12-01',
      date_range_end: '2026-12-31',
      appointment_category_id: '2058',
      appointment_category: 'Physical Therapy',
      appointment_type: 'INITIAL_EVAL',
      appointment_duration: 60,
      payment_type: 'INSURANCE_PAY',
      priority: 3,
      status: 'ACTIVE',
      notes: 'Patient prefers morning appointments',
      patient: { id: 'patient-012', first_name: 'Jane', last_name: 'Doe' },
      created_at: '2026-11-24T10:00:00.000Z',
      created_at_epoch_ms: 1795514400000,
      updated_at: '2026-11-24T10:00:00.000Z',
      created_by: 'user-jane',
      updated_by: 'user-jane',
    },
    source: 'docs/api.md',
  },
}

export const HISTORY: Examples = {
  cancelled: {
    summary: 'Created, changed by staff, cancelled by the patient',
    value: {
      items: [
        { version: 1, event: 'created', at: '2026-11-24T10:00:00.000Z', by: 'user-jane', changes: [] },
        {
          version: 2,
          event: 'changed',
          at: '2026-11-25T09:12:03.511Z',
          by: 'user-123',
          changes: [
            { field: 'priority', before: 3, after: 1 },
            { field: 'notes', before: 'Patient prefers morning appointments', after: null },
          ],
        },
        {
          version: 3,
          event: 'cancelled',
          at: '2026-11-26T16:40:00.002Z',
          by: 'user-jane',
          changes: [
            { field: 'status', before: 'ACTIVE', after: 'CANCELLED' },
            { field: 'cancellation_reason', before: null, after: 'Found a slot elsewhere' },
          ],
        },
      ],
    },
    source: 'docs/api.md',
  },
}

export const CHANGE_BODY: Examples = {
  priority: {
    summary: 'A new priority; the notes cleared',
    value: { priority: 1, notes: null },
    source: 'docs/queue-contract.md',
  },
}

export const CANCEL_BODY: Examples = {
  reason: { summary: 'With a reason', value: { reason: 'Found a slot elsewhere' } },
  none: { summary: 'Without one', value: {} },
}

export const FULFILL_BODY: Examples = {
  booked: {
    summary: 'The appointment booked',
    value: { appointment_id: 'appt-1001', appointment_start: '2026-12-01T09:30:00-05:00' },
  },
}
