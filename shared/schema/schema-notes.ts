import type * as t from 'io-ts'

/** A JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1) as plain data. */
export type JsonSchema = { readonly [keyword: string]: unknown }

/**
 * What a codec's runtime type cannot tell about the JSON it takes. The helpers that build codecs (a field's
 * message, a default, a brand's limits, a hand-written `t.Type`) note it when they build one, so JSON Schemas are
 * derived from the very codecs that decode, and never written down beside them.
 */
export interface SchemaNote {
  /** The codec that takes the same JSON: for wrappers that change what a value decodes to or is refused with. */
  readonly like?: t.Any
  /** Keywords laid over what is derived (limits, a format, a pattern, a description); alone for a leaf `t.Type`. */
  readonly schema?: JsonSchema
  /** The value may be left out or sent as `null`, both meaning `fallback` (undefined: nothing in particular). */
  readonly absent?: { readonly fallback: unknown }
  /** What a wrong value is refused with (withMessage's message), given the field it sits in. */
  readonly message?: (input: unknown, field: string) => string
}

const notes = new WeakMap<t.Any, SchemaNote>()

/** Notes what `codec` takes, for the JSON Schemas derived from it; gives the codec back. */
export const noted = <C extends t.Any>(codec: C, note: SchemaNote): C => {
  notes.set(codec, note)
  return codec
}

export const noteOf = (codec: t.Any): SchemaNote | undefined => notes.get(codec)
