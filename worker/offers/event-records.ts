import * as E from 'fp-ts/Either'
import * as t from 'io-ts'
import { OutboxEventContent } from '../../shared/events/outbox-event'
import { bookedAppointment } from '../../shared/fhir/booked-appointment'
import type { OfferDomainEvent } from '../../shared/offers/offer-events'
import type { StoredOpening } from '../../shared/openings/opening-access'
import type { NewOutboxEvent } from '../outbox/outbox-repository'
import type { OfferRow } from './locked-opening'

const Contents = t.array(OutboxEventContent)

/** What the events of one step know beyond the machine: the opening as stored, each offer's row and link, the booking. */
export interface EventFacts {
  readonly stored: StoredOpening
  readonly offerOf: (requestId: string) => OfferRow
  readonly linkOf: (offerId: string) => string
  /** The filled opening's appointment category (the request's), when the step fills it. */
  readonly bookedCategoryId?: string
}

/**
 * The machine's events as the outbox stores them and webhooks receive them (docs/webhooks.md#events), with what
 * only storage knows: each offer's id (found by its request, which one opening offers once), the link of a new
 * offer, the booking and the slot. The slot names its provider by id only, unlike an offer read through the API:
 * events sit in queues and logs, where no person's name belongs. Decoded before they leave, so a step whose events
 * break their contract throws, and its transaction with it.
 */
export const toOutboxEvents = (facts: EventFacts, events: ReadonlyArray<OfferDomainEvent>): NewOutboxEvent[] => {
  const { opening, timezone, organization_id } = facts.stored
  const slot = {
    clinic_id: opening.clinic_id,
    provider_id: opening.provider_id,
    start: opening.start,
    end: opening.end,
    duration_minutes: opening.duration_minutes,
    timezone,
  }
  const contents = events.map((event) => {
    switch (event.type) {
      case 'opening.expired':
        return { type: event.type, data: { opening_id: event.openingId, slot } }
      case 'opening.filled':
        return {
          type: event.type,
          data: {
            opening_id: event.openingId,
            offer_id: facts.offerOf(event.requestId).id,
            booking: {
              request_id: event.requestId,
              patient_id: event.patientId,
              provider_id: opening.provider_id,
              start: opening.start,
              end: opening.end,
              appointment_category_id: facts.bookedCategoryId,
            },
            slot,
            appointment: bookedAppointment({
              requestId: event.requestId,
              patientId: event.patientId,
              categoryId: facts.bookedCategoryId,
              opening,
              timezone,
            }),
          },
        }
      default: {
        const offerId = facts.offerOf(event.requestId).id
        const data = {
          offer_id: offerId,
          opening_id: event.openingId,
          request_id: event.requestId,
          patient_id: event.patientId,
          round: event.round,
          expires_at: new Date(event.expiresAt).toISOString(),
          slot,
        }
        return {
          type: event.type,
          data: event.type === 'offer.created' ? { ...data, link: facts.linkOf(offerId) } : data,
        }
      }
    }
  })
  const decoded = Contents.decode(contents)
  // The fields are not named: their values may be what must not reach a log.
  if (E.isLeft(decoded)) throw new Error('an offer event does not match its contract')
  return decoded.right.map((content) => ({ ...content, organization_id }))
}
