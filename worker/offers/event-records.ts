import * as E from 'fp-ts/Either'
import * as t from 'io-ts'
import type { OfferDomainEvent } from '../../shared/offers/offer-events'
import { OfferEventRecord } from '../../shared/offers/offer-event-record'
import type { OfferSlot } from '../../shared/offers/offer-payload'
import type { OfferRow } from './locked-opening'

const Records = t.array(OfferEventRecord)

/**
 * The machine's events with what only storage knows: each offer's id (found
 * by its request, which one opening offers once), the organization and the
 * slot. Decoded before they leave, so the outbox never gets a record that
 * breaks its contract.
 */
export const toEventRecords = (
  opening: { readonly organizationId: string; readonly slot: OfferSlot },
  offerOf: (requestId: string) => OfferRow,
  events: ReadonlyArray<OfferDomainEvent>,
): OfferEventRecord[] => {
  const base = { organization_id: opening.organizationId, slot: opening.slot }
  const records = events.map((event) => {
    switch (event.type) {
      case 'opening.expired':
        return { ...base, type: event.type, opening_id: event.openingId }
      case 'opening.filled':
        return {
          ...base,
          type: event.type,
          opening_id: event.openingId,
          offer_id: offerOf(event.requestId).id,
          request_id: event.requestId,
          patient_id: event.patientId,
        }
      default:
        return {
          ...base,
          type: event.type,
          offer_id: offerOf(event.requestId).id,
          opening_id: event.openingId,
          request_id: event.requestId,
          patient_id: event.patientId,
          round: event.round,
          expires_at: new Date(event.expiresAt).toISOString(),
        }
    }
  })
  const decoded = Records.decode(records)
  if (E.isLeft(decoded)) throw new Error('an offer event does not match its contract')
  return decoded.right
}
