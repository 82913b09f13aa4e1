import * as t from 'io-ts'
import { DateTime } from 'luxon'
import { CodeableConcept, FhirId, Identifier, LogicalReference, participantOf } from './datatypes'
import { identifierOf, referenceTo, serviceTypeOf } from './appointment-parts'
import { URI_IDENTIFIER_SYSTEM } from './fhir-names'

const BookedParticipant = participantOf(LogicalReference)

/** The slot a booking fills: the practice system's Slot when it sent one, else the opening by its UUID. */
const SlotReference = t.exact(
  t.intersection([t.type({ type: t.literal('Slot') }), t.partial({ reference: t.string, identifier: Identifier })]),
)

/**
 * A booking as a FHIR R4 Appointment, in the `opening.filled` event (docs/webhooks.md, docs/fhir.md): the waitlist
 * request's Appointment, now booked into its slot, ready to post to an EHR. Ids only, as every event: its
 * references carry no `display`, and `t.exact` drops whatever else a writer might add.
 */
export const BookedAppointment = t.exact(
  t.intersection([
    t.type({
      resourceType: t.literal('Appointment'),
      id: t.string,
      identifier: t.array(Identifier),
      status: t.literal('booked'),
      start: t.string,
      end: t.string,
      minutesDuration: t.number,
      slot: t.array(SlotReference),
      participant: t.array(BookedParticipant),
    }),
    t.partial({ serviceType: t.array(CodeableConcept) }),
  ]),
  'BookedAppointment',
)
export type BookedAppointment = t.TypeOf<typeof BookedAppointment>

export interface BookingFacts {
  readonly requestId: string
  readonly patientId: string
  /** The category of the request that booked the slot. */
  readonly categoryId: string | undefined
  readonly opening: {
    readonly id: string
    readonly clinic_id: string
    readonly provider_id: string
    readonly start: string
    readonly end: string
    readonly duration_minutes: number
    readonly external_id: string | null
  }
  /** The clinic's zone: the times are written on its clock, as its EHR shows them. */
  readonly timezone: string
}

/**
 * A Slot of the practice system is referred to by its id when it was sent as `Slot.id` (or is one); the opening
 * itself, which no other system knows, by its UUID.
 */
const slotReference = (opening: BookingFacts['opening']): t.TypeOf<typeof SlotReference> => {
  const external = opening.external_id
  if (external === null) {
    return { type: 'Slot', identifier: { system: URI_IDENTIFIER_SYSTEM, value: `urn:uuid:${opening.id}` } }
  }
  return FhirId.is(external)
    ? { type: 'Slot', reference: `Slot/${external}` }
    : { type: 'Slot', identifier: { value: external } }
}

const onClock = (instant: string, zone: string): string =>
  DateTime.fromISO(instant, { zone }).toISO({ includeOffset: true }) ?? instant

/** The booked Appointment of a filled opening: the request's identity, the slot's time and people. */
export const bookedAppointment = (facts: BookingFacts): BookedAppointment => {
  const { opening } = facts
  return {
    resourceType: 'Appointment',
    id: facts.requestId,
    identifier: [identifierOf('waitlistRequest', facts.requestId)],
    status: 'booked',
    ...(facts.categoryId === undefined ? {} : { serviceType: serviceTypeOf(facts.categoryId) }),
    start: onClock(opening.start, facts.timezone),
    end: onClock(opening.end, facts.timezone),
    minutesDuration: opening.duration_minutes,
    slot: [slotReference(opening)],
    participant: [
      { actor: referenceTo('Patient', 'patient', facts.patientId), required: 'required', status: 'accepted' },
      { actor: referenceTo('Practitioner', 'provider', opening.provider_id), required: 'required', status: 'accepted' },
      { actor: referenceTo('Location', 'clinic', opening.clinic_id), required: 'required', status: 'accepted' },
    ],
  }
}
