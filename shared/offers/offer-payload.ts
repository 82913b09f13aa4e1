import * as t from 'io-ts'
import { Identifier } from '../codecs/identifier'
import { RequestId } from '../codecs/request-id'
import { Timestamp } from '../codecs/timestamp'
import { TimeZone } from '../codecs/time-zone'
import { SlotMinutes } from '../openings/create-opening'
import { OpeningId } from '../openings/opening-id'
import { Reason } from '../openings/reasons'
import { OfferId } from './offer-id'
import { ProviderDetails } from '../waitlist-request/waitlist-request-payload'
import { noted } from '../schema/schema-notes'

/** PENDING until answered (ACCEPTED, DECLINED), its hold ends (EXPIRED) or it may no longer be taken (WITHDRAWN). */
export const OfferStatus = t.keyof(
  { PENDING: null, ACCEPTED: null, DECLINED: null, EXPIRED: null, WITHDRAWN: null },
  'OfferStatus',
)
export type OfferStatus = t.TypeOf<typeof OfferStatus>

const Positive = noted(
  t.refinement(t.number, (n) => Number.isInteger(n) && n >= 1, 'PositiveInteger'),
  {
    schema: { type: 'integer', minimum: 1 },
  },
)

/** The slot an offer is for, with its provider's name, as the patient reads it: times UTC, the clinic's zone beside. */
export const OfferSlot = t.type({
  clinic_id: Identifier,
  provider: ProviderDetails,
  start: Timestamp,
  end: Timestamp,
  duration_minutes: SlotMinutes,
  timezone: TimeZone,
})
export type OfferSlot = t.TypeOf<typeof OfferSlot>

/**
 * A stored offer (docs/offer-policy.md, "Storage"): which request's patient
 * was offered which opening, in which round and at which rank (with the
 * reasons the candidates list gave), until when, and how it ended.
 */
export const OfferPayload = t.type({
  id: OfferId,
  opening_id: OpeningId,
  request_id: RequestId,
  patient_id: Identifier,
  status: OfferStatus,
  round: Positive,
  rank: Positive,
  reasons: t.array(Reason),
  expires_at: Timestamp,
  created_at: Timestamp,
  /** When the patient or staff accepted or declined it; null otherwise. */
  responded_at: t.union([Timestamp, t.null]),
  decline_reason: t.union([t.string, t.null]),
  slot: OfferSlot,
})
export type OfferPayload = t.TypeOf<typeof OfferPayload>

/** What the first acceptance of an opening's offers booked: the opening FILLED with this request's patient. */
export const Booking = t.type({
  offer_id: OfferId,
  request_id: RequestId,
  patient_id: Identifier,
  provider_id: Identifier,
  start: Timestamp,
  end: Timestamp,
  appointment_category_id: Identifier,
  booked_at: Timestamp,
  /** The `sub` of whoever accepted: the patient, or staff on the patient's behalf. */
  booked_by: t.string,
})
export type Booking = t.TypeOf<typeof Booking>
