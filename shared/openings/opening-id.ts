import type * as t from 'io-ts'
import { uuidBrand } from '../codecs/uuid'

interface OpeningIdBrand {
  readonly OpeningId: unique symbol
}

/**
 * The id of an opening: a lower-case UUID chosen before the `open-slot` job is
 * enqueued, so a job run twice stores one opening.
 */
export const OpeningId = uuidBrand<OpeningIdBrand, 'OpeningId'>('OpeningId')
export type OpeningId = t.TypeOf<typeof OpeningId>
