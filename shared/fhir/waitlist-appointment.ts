import * as t from 'io-ts'
import type { ProviderDetails, WaitlistRequestPayload } from '../waitlist-request/waitlist-request-payload'
import type { RequestStatus } from '../waitlist-request/enums'
import { CodeableConcept, Identifier, NamedReference, participantOf, type NamedReference as Named } from './datatypes'
import { appointmentTypeOf, identifierOf, serviceTypeOf } from './appointment-parts'
import { CODE_SYSTEMS } from './fhir-names'
import { PreferencesExtension, preferencesExtension } from './preferences-extension'

const WaitlistParticipant = participantOf(NamedReference)
type WaitlistParticipant = t.TypeOf<typeof WaitlistParticipant>

/**
 * A waitlist request as a FHIR R4 Appointment (docs/fhir.md#a-waitlist-request-as-an-appointment): the answer of
 * `GET /apis/v1/waitlist-requests/{id}` and of each list entry to `Accept: application/fhir+json`.
 */
export const WaitlistAppointment = t.exact(
  t.intersection([
    t.type({
      resourceType: t.literal('Appointment'),
      id: t.string,
      identifier: t.array(Identifier),
      status: t.keyof({ waitlist: null, booked: null, cancelled: null }),
      serviceType: t.array(CodeableConcept),
      appointmentType: CodeableConcept,
      priority: t.number,
      minutesDuration: t.number,
      created: t.string,
      requestedPeriod: t.array(t.exact(t.type({ start: t.string, end: t.string }))),
      participant: t.array(WaitlistParticipant),
    }),
    t.partial({
      meta: t.exact(t.intersection([t.type({ lastUpdated: t.string }), t.partial({ versionId: t.string })])),
      extension: t.array(PreferencesExtension),
      cancelationReason: CodeableConcept,
      start: t.string,
      end: t.string,
      comment: t.string,
    }),
  ]),
  'WaitlistAppointment',
)
export type WaitlistAppointment = t.TypeOf<typeof WaitlistAppointment>

/**
 * A request's status as an Appointment's. A FULFILLED request is a booked appointment, not R4's `fulfilled`
 * (which says the visit took place); an EXPIRED one is cancelled with the reason `expired`, not
 * `entered-in-error` (which says it should never have been recorded).
 */
const STATUS: Readonly<Record<RequestStatus, WaitlistAppointment['status']>> = {
  ACTIVE: 'waitlist',
  FULFILLED: 'booked',
  CANCELLED: 'cancelled',
  EXPIRED: 'cancelled',
}

const MINUTE_MS = 60_000

const cancelationReasonOf = (request: WaitlistRequestPayload): CodeableConcept | undefined => {
  if (request.status === 'EXPIRED') {
    const text = 'the waitlist request expired: its date range ended'
    return { coding: [{ system: CODE_SYSTEMS.cancellationReason, code: 'expired', display: text }], text }
  }
  return request.cancellation_reason === undefined ? undefined : { text: request.cancellation_reason }
}

/** A FULFILLED request's booking: R4 wants a start and an end on a booked appointment (app-3). */
const bookedTimes = (request: WaitlistRequestPayload) => {
  const booked = request.booked_appointment
  if (request.status !== 'FULFILLED' || booked === undefined) return {}
  const start = new Date(Date.parse(booked.start))
  return {
    start: start.toISOString(),
    end: new Date(start.getTime() + request.appointment_duration * MINUTE_MS).toISOString(),
  }
}

const nameOf = (person: { readonly first_name: string; readonly last_name: string }) =>
  `${person.first_name} ${person.last_name}`

const providerName = (provider: ProviderDetails) =>
  provider.title === '' ? nameOf(provider) : `${nameOf(provider)}, ${provider.title}`

const named = (reference: Omit<Named, 'display'>, display: string): Named => ({ ...reference, display })

const participantsOf = (request: WaitlistRequestPayload): WaitlistParticipant[] => {
  const booked = request.status === 'FULFILLED'
  const details = new Map((request.preferred_provider_details ?? []).map((provider) => [provider.id, provider]))
  return [
    {
      actor: named(
        { type: 'Patient', identifier: identifierOf('patient', request.patient_id) },
        nameOf(request.patient),
      ),
      required: 'required',
      status: 'accepted',
    },
    {
      actor: { type: 'Location', identifier: identifierOf('clinic', request.clinic_id) },
      required: 'required',
      status: booked ? 'accepted' : 'needs-action',
    },
    // Preferred, not booked: whoever the slot is with, a preference informs and binds nobody.
    ...request.preferred_providers.map((id): WaitlistParticipant => {
      const provider = details.get(id)
      const reference = { type: 'Practitioner', identifier: identifierOf('provider', id) }
      return {
        actor: provider === undefined ? reference : named(reference, providerName(provider)),
        required: 'information-only',
        status: 'needs-action',
      }
    }),
  ]
}

/** The request as an Appointment; `version` (its ETag) when known, as `meta.versionId`. */
export const waitlistAppointment = (request: WaitlistRequestPayload, version?: number): WaitlistAppointment => {
  const extension = preferencesExtension(request.preferred_days, request.preferred_time_slots)
  const cancelationReason = cancelationReasonOf(request)
  return {
    resourceType: 'Appointment',
    id: request.id,
    meta: { ...(version === undefined ? {} : { versionId: String(version) }), lastUpdated: request.updated_at },
    identifier: [identifierOf('waitlistRequest', request.id)],
    ...(extension === undefined ? {} : { extension: [extension] }),
    status: STATUS[request.status],
    ...(cancelationReason === undefined ? {} : { cancelationReason }),
    serviceType: serviceTypeOf(request.appointment_category_id, request.appointment_category),
    appointmentType: appointmentTypeOf(request.appointment_type),
    // Both count 1 as the most urgent; ours ends at 5.
    priority: request.priority,
    ...bookedTimes(request),
    minutesDuration: request.appointment_duration,
    created: request.created_at,
    // FHIR has no empty strings: a blank note is no comment.
    ...(request.notes === null || request.notes === '' ? {} : { comment: request.notes }),
    // Days on the clinic's calendar: a dateTime may be a bare date, and the end's day is in the period.
    requestedPeriod: [{ start: request.date_range_start, end: request.date_range_end }],
    participant: participantsOf(request),
  }
}
