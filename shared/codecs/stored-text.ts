import * as t from 'io-ts'
import { noted } from '../schema/schema-notes'

interface StoredTextBrand {
  readonly StoredText: unique symbol
}

/*
 * NUL, or half of a UTF-16 surrogate pair without its other half. With the `u`
 * flag a whole pair is one code point, so only a lone half matches \p{Cs}.
 */
// eslint-disable-next-line no-control-regex -- NUL is exactly what must be found
const unstorable = /[\u0000\p{Cs}]/u

/**
 * Text PostgreSQL can hold. Its `text` refuses NUL, and a lone surrogate has
 * no UTF-8 form at all: the driver would store U+FFFD in its place, and a jsonb
 * value (the history's changes) refuses its `\ud800` escape outright. Every
 * string the service stores is decoded by a codec built on this one, so such
 * input is a 400 naming its field, never a write that fails after a 202.
 */
export const StoredText = noted(
  t.brand(t.string, (s): s is t.Branded<string, StoredTextBrand> => !unstorable.test(s), 'StoredText'),
  { schema: { description: 'Text without NUL (U+0000) or unpaired UTF-16 surrogates.' } },
)
export type StoredText = t.TypeOf<typeof StoredText>

/** The words each text field's message ends with, so every field states the rule alike. */
export const STORABLE_TEXT_RULE = 'without NUL characters or unpaired surrogates'

/** Characters as people and PostgreSQL's char_length count them: code points, so an emoji is one, not two. */
const characterCount = (s: string): number => {
  let count = 0
  for (const _ of s) count += 1
  return count
}

interface TextLimits {
  readonly maxLength: number
  /** Whether text of whitespace alone is refused. */
  readonly nonBlank: boolean
}

/**
 * A stored text field (notes, a label, a reason, a name, a token's subject):
 * StoredText, at most `maxLength` characters, non-blank when asked. One
 * builder, so every field counts and refuses the same way.
 */
export const storedText = <B extends { readonly [K in N]: symbol }, N extends string>(name: N, limits: TextLimits) =>
  noted(
    t.brand(
      StoredText,
      (s): s is t.Branded<StoredText, B> =>
        (!limits.nonBlank || s.trim().length > 0) && characterCount(s) <= limits.maxLength,
      name,
    ),
    // JSON Schema counts characters as code points too; a non-blank text has a character that is not white space.
    { schema: { maxLength: limits.maxLength, ...(limits.nonBlank ? { minLength: 1, pattern: '\\S' } : {}) } },
  )
