import type { Instant } from './instant'

/**
 * What the round machine announces (docs/offer-policy.md, "Events"): the
 * caller writes each to the outbox with the change it describes, adding what
 * only storage knows (offer ids, links, the slot).
 */

export type OfferEventType = 'offer.created' | 'offer.expired' | 'offer.withdrawn' | 'offer.accepted' | 'offer.declined'

interface OfferFacts {
  readonly openingId: string
  readonly requestId: string
  readonly patientId: string
  readonly round: number
  readonly expiresAt: Instant
}

export type OfferDomainEvent =
  | ({ readonly type: OfferEventType } & OfferFacts)
  | {
      readonly type: 'opening.filled'
      readonly openingId: string
      readonly requestId: string
      readonly patientId: string
    }
  | { readonly type: 'opening.expired'; readonly openingId: string }

export const offerEvent = (
  type: OfferEventType,
  openingId: string,
  offer: Omit<OfferFacts, 'openingId'>,
): OfferDomainEvent => ({
  type,
  openingId,
  requestId: offer.requestId,
  patientId: offer.patientId,
  round: offer.round,
  expiresAt: offer.expiresAt,
})
