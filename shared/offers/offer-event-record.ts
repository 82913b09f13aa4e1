import * as t from 'io-ts'
import { Identifier } from '../codecs/identifier'
import { RequestId } from '../codecs/request-id'
import { Timestamp } from '../codecs/timestamp'
import { OpeningId } from '../openings/opening-id'
import { OfferId } from './offer-id'
import { OfferSlot } from './offer-payload'

const OfferEventType = t.keyof(
  {
    'offer.created': null,
    'offer.expired': null,
    'offer.withdrawn': null,
    'offer.accepted': null,
    'offer.declined': null,
  },
  'OfferEventType',
)

const Round = t.refinement(t.number, (n) => Number.isInteger(n) && n >= 1, 'Round')

/**
 * An event of the round machine (shared/offers/offer-events.ts) with what only
 * storage knows: the offer's id, whose organization it is and the slot. The
 * worker hands these to its `emit` port in the transaction that made the
 * change they describe (docs/offer-policy.md, "Events emitted").
 */
export const OfferEventRecord = t.union([
  t.type({
    type: OfferEventType,
    organization_id: Identifier,
    offer_id: OfferId,
    opening_id: OpeningId,
    request_id: RequestId,
    patient_id: Identifier,
    round: Round,
    expires_at: Timestamp,
    slot: OfferSlot,
  }),
  t.type({
    type: t.literal('opening.filled'),
    organization_id: Identifier,
    opening_id: OpeningId,
    offer_id: OfferId,
    request_id: RequestId,
    patient_id: Identifier,
    slot: OfferSlot,
  }),
  t.type({
    type: t.literal('opening.expired'),
    organization_id: Identifier,
    opening_id: OpeningId,
    slot: OfferSlot,
  }),
])
export type OfferEventRecord = t.TypeOf<typeof OfferEventRecord>
