import * as t from 'io-ts'
import { Identifier } from '../codecs/identifier'
import { optional } from '../codecs/optional'
import { Timestamp } from '../codecs/timestamp'
import { STORABLE_TEXT_RULE, storedText } from '../codecs/stored-text'
import { withMessage } from '../codecs/with-message'
import { diffFields, type FieldChange } from './history'
import type { BookedAppointment, WaitlistRequestPayload } from './waitlist-request-payload'
import { isAbsent } from '../codecs/input-guards'

const CANCELLATION_REASON_MAX_LENGTH = 500

interface ReasonBrand {
  readonly CancellationReason: unique symbol
}

const Reason = storedText<ReasonBrand, 'CancellationReason'>('CancellationReason', {
  maxLength: CANCELLATION_REASON_MAX_LENGTH,
  nonBlank: true,
})

/** `POST …/{id}/cancel`: a reason is optional; an empty body is a cancel without one. */
export const CancelWaitlistRequest = t.exact(
  t.type({
    reason: withMessage(
      optional(Reason),
      () =>
        `reason must be a non-blank string of at most ${CANCELLATION_REASON_MAX_LENGTH} characters, ${STORABLE_TEXT_RULE}`,
    ),
  }),
)
export type CancelWaitlistRequest = t.TypeOf<typeof CancelWaitlistRequest>

/** `POST …/{id}/fulfill`: the appointment staff booked for the patient, so the request can be traced to it. */
export const FulfillWaitlistRequest = t.exact(
  t.type({
    appointment_id: withMessage(Identifier, (input) =>
      isAbsent(input) ? 'appointment_id is required' : 'appointment_id must be an appointment id',
    ),
    appointment_start: withMessage(Timestamp, (input) =>
      isAbsent(input)
        ? 'appointment_start is required'
        : 'appointment_start must be an RFC 3339 date and time with an offset, like 2026-12-01T09:30:00-05:00',
    ),
  }),
)
export type FulfillWaitlistRequest = t.TypeOf<typeof FulfillWaitlistRequest>

/** What a cancel changes, as history records it: the status, and the reason when one is given. */
export const cancellationChanges = (stored: WaitlistRequestPayload, reason: string | undefined): FieldChange[] =>
  diffFields(['status', 'cancellation_reason'], stored, { status: 'CANCELLED', cancellation_reason: reason })

/** What a fulfilment changes: the status, and the appointment it was fulfilled with. */
export const fulfillmentChanges = (stored: WaitlistRequestPayload, appointment: BookedAppointment): FieldChange[] =>
  diffFields(['status', 'booked_appointment'], stored, { status: 'FULFILLED', booked_appointment: appointment })
