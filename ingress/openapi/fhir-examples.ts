import * as E from 'fp-ts/Either'
import type * as t from 'io-ts'
import { CODE_SYSTEMS, IDENTIFIER_SYSTEMS } from '../../shared/fhir/fhir-names'
import { refusalOutcome } from '../../shared/fhir/operation-outcome'
import { waitlistSearchset } from '../../shared/fhir/searchset'
import { slotOf } from '../../shared/fhir/slot'
import { waitlistAppointment } from '../../shared/fhir/waitlist-appointment'
import { OpeningPayload } from '../../shared/openings/opening-payload'
import { WaitlistRequestPayload } from '../../shared/waitlist-request/waitlist-request-payload'
import { locationOf } from '../routes/waitlist-request-paths'
import { OPENING } from './opening-examples'
import type { Examples } from './route-doc'
import { WAITLIST_REQUEST } from './waitlist-request-examples'

/** The FHIR examples are the JSON examples as the mappings make them, so the two cannot tell different stories. */
const decoded = <A>(codec: t.Decoder<unknown, A>, value: unknown): A => {
  const result = codec.decode(value)
  if (E.isLeft(result)) throw new Error(`an example does not decode as ${codec.name}`)
  return result.right
}

const appointment = waitlistAppointment(decoded(WaitlistRequestPayload, WAITLIST_REQUEST['created']?.value), 1)

const BASE = 'http://localhost:3000'

export const FHIR_APPOINTMENT: Examples = { waitlist: { summary: 'On the waitlist', value: appointment } }

export const FHIR_SEARCHSET: Examples = {
  page: {
    summary: 'A last page',
    value: waitlistSearchset([appointment], {
      self: `${BASE}/apis/v1/waitlist-requests?clinic_id=clinic-123`,
      next: null,
      urlOf: (id) => `${BASE}${locationOf(id)}`,
    }),
  },
}

export const FHIR_SLOT_BODY: Examples = {
  free: {
    summary: 'A freed slot, from the practice system',
    value: {
      resourceType: 'Slot',
      id: 'pms-slot-991',
      contained: [
        {
          resourceType: 'Schedule',
          id: 'schedule',
          actor: [
            { type: 'Location', identifier: { system: IDENTIFIER_SYSTEMS.clinic, value: 'clinic-123' } },
            { type: 'Practitioner', identifier: { system: IDENTIFIER_SYSTEMS.provider, value: 'provider-789' } },
          ],
        },
      ],
      schedule: { reference: '#schedule' },
      status: 'free',
      start: '2026-12-07T09:30:00-05:00',
      end: '2026-12-07T10:30:00-05:00',
      serviceType: [{ coding: [{ system: CODE_SYSTEMS.appointmentCategory, code: '2058' }] }],
    },
    source: 'docs/fhir.md',
  },
}

export const FHIR_SLOT: Examples = {
  open: { summary: 'Open', value: slotOf(decoded(OpeningPayload, OPENING['open']?.value)) },
}

export const FHIR_SLOT_REFUSED: Examples = {
  refused: {
    summary: 'Not a Slot the clinic can open',
    value: refusalOutcome(
      422,
      [
        { field: 'status', message: 'Slot.status is busy: only a free Slot can be opened' },
        { field: 'start', message: 'start must be in the future' },
      ],
      (field) => `Slot.${field}`,
    ),
    source: 'docs/fhir.md',
  },
}
