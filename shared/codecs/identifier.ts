import * as t from 'io-ts'
import { StoredText } from './stored-text'
import { noted } from '../schema/schema-notes'

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
const visibleAscii = /^[\x21-\x7e]+$/

export const Identifier = noted(
  t.brand(
    StoredText,
    (s): s is t.Branded<StoredText, IdentifierBrand> =>
      s.length > 0 && s.length <= IDENTIFIER_MAX_LENGTH && visibleAscii.test(s),
    'Identifier',
  ),
  {
    schema: {
      description: `An id: 1 to ${IDENTIFIER_MAX_LENGTH} visible ASCII characters.`,
      minLength: 1,
      maxLength: IDENTIFIER_MAX_LENGTH,
      pattern: visibleAscii.source,
    },
  },
)
export type Identifier = t.TypeOf<typeof Identifier>
