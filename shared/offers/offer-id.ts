import * as t from 'io-ts'
import { uuidBrand } from '../codecs/uuid'

interface OfferIdBrand {
  readonly OfferId: unique symbol
}

/** The id of an offer: a lower-case UUID. */
export const OfferId = uuidBrand<OfferIdBrand, 'OfferId'>('OfferId')
export type OfferId = t.TypeOf<typeof OfferId>
