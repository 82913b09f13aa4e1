import * as t from 'io-ts'
import { isUuid } from '../codecs/uuid'

interface OfferIdBrand {
  readonly OfferId: unique symbol
}

/** The id of an offer: a lower-case UUID. */
export const OfferId = t.brand(t.string, (s): s is t.Branded<string, OfferIdBrand> => isUuid(s), 'OfferId')
export type OfferId = t.TypeOf<typeof OfferId>
