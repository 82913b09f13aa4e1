import * as t from 'io-ts'
import { Identifier } from '../codecs/identifier'
import { RequestId } from '../codecs/request-id'
import { TimeZone } from '../codecs/time-zone'
import { Timestamp } from '../codecs/timestamp'
import { uuidBrand } from '../codecs/uuid'
import type { OfferDomainEvent } from '../offers/offer-events'
import { OfferId } from '../offers/offer-id'
import { BookedAppointment } from '../fhir/booked-appointment'
import { SlotMinutes } from '../openings/create-opening'
import { OpeningId } from '../openings/opening-id'

/**
 * An offer or booking event as the outbox stores it and a webhook receives it (docs/webhooks.md): the round
 * machine's events (shared/offers/offer-events.ts) with what only storage knows, the offer's id, its link and the
 * slot. Ids and times only: no patient's name and no free text, so a body can sit in a log or a queue unredacted.
 */

interface EventIdBrand {
  readonly EventId: unique symbol
}

/** Chosen when the event is written; a receiver drops a body whose id it has seen (delivery is at least once). */
export const EventId = uuidBrand<EventIdBrand, 'EventId'>('EventId')
export type EventId = t.TypeOf<typeof EventId>

const Round = t.refinement(t.number, (n) => Number.isInteger(n) && n >= 1, 'Round')

const OfferLink = t.refinement(t.string, (s) => URL.canParse(s) && /^https?:$/.test(new URL(s).protocol), 'OfferLink')

/** The slot on offer, its times as instants and the clinic's zone to show them in. */
const Slot = t.exact(
  t.type({
    clinic_id: Identifier,
    provider_id: Identifier,
    start: Timestamp,
    end: Timestamp,
    duration_minutes: SlotMinutes,
    timezone: TimeZone,
  }),
)

const offerFacts = {
  offer_id: OfferId,
  opening_id: OpeningId,
  request_id: RequestId,
  patient_id: Identifier,
  round: Round,
  expires_at: Timestamp,
  slot: Slot,
}

const OfferData = t.exact(t.type(offerFacts))

/** The link is what the receiver sends the patient: the offer's page, where it is accepted or declined. */
const OfferCreatedData = t.exact(t.type({ ...offerFacts, link: OfferLink }))

/** What the filled opening booked, as the opening itself shows it. */
const Booking = t.exact(
  t.type({
    request_id: RequestId,
    patient_id: Identifier,
    provider_id: Identifier,
    start: Timestamp,
    end: Timestamp,
    appointment_category_id: Identifier,
  }),
)

const OpeningFilledData = t.exact(
  t.intersection([
    t.type({ opening_id: OpeningId, offer_id: OfferId, booking: Booking, slot: Slot }),
    // Every writer adds it (docs/fhir.md#a-booking-in-the-webhook); optional so events written before it existed,
    // still waiting in the outbox when the service is upgraded, are delivered as they are.
    t.partial({ appointment: BookedAppointment }),
  ]),
)

const OpeningExpiredData = t.exact(t.type({ opening_id: OpeningId, slot: Slot }))

// Keyed by the round machine's own event types, so an event it gains and this file lacks fails to compile.
const DATA = {
  'offer.created': OfferCreatedData,
  'offer.expired': OfferData,
  'offer.withdrawn': OfferData,
  'offer.accepted': OfferData,
  'offer.declined': OfferData,
  'opening.filled': OpeningFilledData,
  'opening.expired': OpeningExpiredData,
} satisfies Record<OfferDomainEvent['type'], t.Mixed>

const content = <T extends keyof typeof DATA>(type: T) => t.exact(t.type({ type: t.literal(type), data: DATA[type] }))

/** What a writer says happened: the type and its data; the outbox adds the id and the time. */
export const OutboxEventContent = t.union([
  content('offer.created'),
  content('offer.expired'),
  content('offer.withdrawn'),
  content('offer.accepted'),
  content('offer.declined'),
  content('opening.filled'),
  content('opening.expired'),
])
export type OutboxEventContent = t.TypeOf<typeof OutboxEventContent>

/** A stored event, and the JSON body a webhook receives: `{ id, type, occurred_at, organization_id, data }`. */
export const OutboxEvent = t.intersection([
  t.exact(t.type({ id: EventId, occurred_at: Timestamp, organization_id: Identifier })),
  OutboxEventContent,
])
export type OutboxEvent = t.TypeOf<typeof OutboxEvent>
