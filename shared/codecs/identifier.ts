import * as t from 'io-ts'
import { StoredText } from './stored-text'

export const IDENTIFIER_MAX_LENGTH = 64

interface IdentifierBrand {
  readonly Identifier: unique symbol
}

/**
 * Ids of reference data (clinics, providers, patients, categories) come from
 * other systems, so we only insist on printable text without surrounding space
 * and a length that fits an index. Printable ASCII is always storable, but ids
 * are stored text like any other, so they are judged by the same codec first.
 */
export const Identifier = t.brand(
  StoredText,
  (s): s is t.Branded<StoredText, IdentifierBrand> =>
    s.length > 0 && s.length <= IDENTIFIER_MAX_LENGTH && /^[\x21-\x7e]+$/.test(s),
  'Identifier',
)
export type Identifier = t.TypeOf<typeof Identifier>
