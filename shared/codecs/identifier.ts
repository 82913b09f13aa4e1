import * as t from 'io-ts'

export const IDENTIFIER_MAX_LENGTH = 64

interface IdentifierBrand {
  readonly Identifier: unique symbol
}

/**
 * Ids of reference data (clinics, providers, patients, categories) come from
 * other systems, so we only insist on printable text without surrounding space
 * and a length that fits an index.
 */
export const Identifier = t.brand(
  t.string,
  (s): s is t.Branded<string, IdentifierBrand> =>
    s.length > 0 && s.length <= IDENTIFIER_MAX_LENGTH && /^[\x21-\x7e]+$/.test(s),
  'Identifier',
)
export type Identifier = t.TypeOf<typeof Identifier>
