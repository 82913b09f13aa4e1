import * as t from 'io-ts'
import { isUuid } from '../codecs/uuid'

interface OpeningIdBrand {
  readonly OpeningId: unique symbol
}

/**
 * The id of an opening: a lower-case UUID chosen before the `open-slot` job is
 * enqueued, so a job run twice stores one opening.
 */
export const OpeningId = t.brand(t.string, (s): s is t.Branded<string, OpeningIdBrand> => isUuid(s), 'OpeningId')
export type OpeningId = t.TypeOf<typeof OpeningId>
