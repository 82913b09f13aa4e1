import * as t from 'io-ts'
import { noteOf, type JsonSchema, type SchemaNote } from './schema-notes'

export interface SchemaOptions {
  /** Codecs written once under a name of their own (an OpenAPI component, a `$defs` entry): elsewhere a `$ref`. */
  readonly refs?: ReadonlyMap<t.Any, string>
  /**
   * Whether a value that may be left out may also be sent as `null` (a JSON body's or job's field); a query
   * parameter is text or nothing, never null.
   */
  readonly nullable?: boolean
}

interface Derived {
  readonly schema: JsonSchema
  /** Whether the value may be left out: a property that is not required. */
  readonly optional: boolean
}

/** A value that message functions see as sent but wrong: neither absent nor anything a message tells apart. */
const WRONG: unknown = Object.freeze({})

const unique = <A>(values: ReadonlyArray<A>): A[] => [...new Set(values)]

const only = (schema: JsonSchema, keywords: ReadonlyArray<string>): boolean =>
  Object.keys(schema).every((keyword) => keywords.includes(keyword))

const allowsNull = (schema: JsonSchema): boolean =>
  schema['type'] === 'null' ||
  (Array.isArray(schema['type']) && schema['type'].includes('null')) ||
  (Array.isArray(schema['anyOf']) && (schema['anyOf'] as JsonSchema[]).some(allowsNull))

/** `schema`, or null: a plain type gains `null` among its types; anything else (an enum, a `$ref`) an alternative. */
const orNull = (schema: JsonSchema): JsonSchema => {
  if (allowsNull(schema)) return schema
  const type = schema['type']
  if (typeof type === 'string' && !('enum' in schema) && !('const' in schema))
    return { ...schema, type: [type, 'null'] }
  const { description, ...rest } = schema
  return { anyOf: [rest, { type: 'null' }], ...(description === undefined ? {} : { description }) }
}

const quoted = (messages: ReadonlyArray<string>) => messages.map((message) => `"${message}"`).join('; ')

/** What a field's note says it is refused with: the message for a missing value too when it may not be left out. */
const refusedWith = (note: SchemaNote | undefined, optional: boolean, field: string): string | undefined => {
  const message = note?.message
  if (message === undefined) return undefined
  return `Refused with: ${quoted(unique([...(optional ? [] : [message(undefined, field)]), message(WRONG, field)]))}.`
}

const withDescription = (schema: JsonSchema, more: string | undefined): JsonSchema => {
  if (more === undefined) return schema
  const description = typeof schema['description'] === 'string' ? `${schema['description']}\n\n${more}` : more
  return { ...schema, description }
}

/** Whether `codec` is built by one of io-ts's combinators (a plain boolean: `instanceof` would type it `any`). */
const isA = (codec: t.Any, ...classes: ReadonlyArray<abstract new (...args: never[]) => unknown>): boolean =>
  classes.some((klass) => codec instanceof klass)

/** The parts of io-ts's combinators read here, typed. */
const inner = (codec: t.Any): t.Any => (codec as unknown as { readonly type: t.Any }).type
const members = (codec: t.Any): t.Any[] => (codec as unknown as { readonly types: t.Any[] }).types
const propsOf = (codec: t.Any): t.Props => (codec as unknown as { readonly props: t.Props }).props

const fieldPath = (field: string, key: string) => (field === '' ? key : `${field}.${key}`)

const objectOf = (props: t.Props, requireFields: boolean, field: string, options: SchemaOptions): JsonSchema => {
  const fields = Object.entries(props).map(
    ([key, codec]) => [key, derive(codec, fieldPath(field, key), options)] as const,
  )
  const required = requireFields ? fields.filter(([, derived]) => !derived.optional).map(([key]) => key) : []
  return {
    type: 'object',
    properties: Object.fromEntries(fields.map(([key, derived]) => [key, derived.schema])),
    ...(required.length === 0 ? {} : { required }),
  }
}

/** Literals and enums of strings become one enum, plain types one list of types, anything else `anyOf`. */
const unionOf = (types: ReadonlyArray<t.Any>, field: string, options: SchemaOptions): Derived => {
  const present = types.filter((member) => !isA(member, t.UndefinedType, t.VoidType))
  const schemas = present.map((member) => derive(member, field, options).schema)
  const optional = present.length < types.length
  if (schemas.length === 1) return { schema: schemas[0]!, optional }
  if (schemas.every((schema) => only(schema, ['type']) && typeof schema['type'] === 'string')) {
    return { schema: { type: unique(schemas.map((schema) => schema['type'])) }, optional }
  }
  if (schemas.every((schema) => schema['type'] === 'string' && only(schema, ['type', 'enum', 'const']))) {
    const values = schemas.flatMap((schema) => ('const' in schema ? [schema['const']] : (schema['enum'] as unknown[])))
    return { schema: { type: 'string', enum: unique(values) }, optional }
  }
  return { schema: { anyOf: schemas }, optional }
}

const OBJECT_KEYWORDS = ['type', 'properties', 'required', 'description']

/** Objects are merged into one (as a reader sees the value); anything else stays `allOf`. */
const intersectionOf = (types: ReadonlyArray<t.Any>, field: string, options: SchemaOptions): JsonSchema => {
  // A named member is written out here rather than referred to, so the merged object lists every field.
  const schemas = types.map((member) => derive(member, field, options, true).schema)
  if (!schemas.every((schema) => schema['type'] === 'object' && only(schema, OBJECT_KEYWORDS))) {
    return { allOf: schemas }
  }
  const required = unique(schemas.flatMap((schema) => (schema['required'] as string[] | undefined) ?? []))
  const descriptions = schemas.flatMap((schema) =>
    typeof schema['description'] === 'string' ? [schema['description']] : [],
  )
  return {
    type: 'object',
    properties: Object.assign({}, ...schemas.map((schema) => schema['properties'])) as JsonSchema,
    ...(required.length === 0 ? {} : { required }),
    ...(descriptions.length === 0 ? {} : { description: descriptions.join('\n\n') }),
  }
}

const typeOf = (value: unknown): string =>
  value === null ? 'null' : Number.isInteger(value) ? 'integer' : typeof value

const literalOf = (value: unknown): JsonSchema => ({ type: typeOf(value), const: value })

/** The schema of io-ts's own combinators, read from their runtime structure. */
const byKind = (codec: t.Any, field: string, options: SchemaOptions, top: boolean): Derived => {
  const required = (schema: JsonSchema): Derived => ({ schema, optional: false })
  const item = (member: t.Any) => derive(member, `${field}[]`, options).schema
  if (isA(codec, t.RefinementType)) {
    // A refinement's predicate is code: what it allows must be noted, or the schema would claim too much.
    if (noteOf(codec)?.schema === undefined) throw new Error(`${codec.name} refines ${inner(codec).name}: note how`)
    return derive(inner(codec), field, options)
  }
  if (isA(codec, t.ExactType, t.ReadonlyType)) return derive(inner(codec), field, options, top)
  if (isA(codec, t.StringType)) return required({ type: 'string' })
  if (isA(codec, t.NumberType)) return required({ type: 'number' })
  if (isA(codec, t.BooleanType)) return required({ type: 'boolean' })
  if (isA(codec, t.NullType)) return required({ type: 'null' })
  if (isA(codec, t.UnknownType, t.AnyType)) return required({})
  if (isA(codec, t.AnyDictionaryType)) return required({ type: 'object' })
  if (isA(codec, t.AnyArrayType)) return required({ type: 'array' })
  if (isA(codec, t.LiteralType)) return required(literalOf((codec as t.LiteralC<string | number | boolean>).value))
  if (isA(codec, t.KeyofType)) {
    return required({ type: 'string', enum: Object.keys((codec as t.KeyofC<Record<string, unknown>>).keys) })
  }
  if (isA(codec, t.ArrayType, t.ReadonlyArrayType)) return required({ type: 'array', items: item(inner(codec)) })
  if (isA(codec, t.TupleType)) {
    const items = members(codec).map(item)
    return required({ type: 'array', prefixItems: items, minItems: items.length, maxItems: items.length })
  }
  if (isA(codec, t.InterfaceType, t.StrictType)) return required(objectOf(propsOf(codec), true, field, options))
  if (isA(codec, t.PartialType)) return required(objectOf(propsOf(codec), false, field, options))
  if (isA(codec, t.DictionaryType)) {
    const values = (codec as unknown as { readonly codomain: t.Any }).codomain
    return required({ type: 'object', additionalProperties: item(values) })
  }
  if (isA(codec, t.UnionType)) return unionOf(members(codec), field, options)
  if (isA(codec, t.IntersectionType)) return required(intersectionOf(members(codec), field, options))
  // A hand-written t.Type is what its note says it is, or it has no schema to give.
  if (noteOf(codec)?.schema !== undefined) return required({})
  throw new Error(`no JSON Schema for codec ${codec.name}: note what it takes with noted() (shared/schema)`)
}

function derive(codec: t.Any, field: string, options: SchemaOptions, top = false): Derived {
  const ref = top ? undefined : options.refs?.get(codec)
  if (ref !== undefined) return { schema: { $ref: ref }, optional: false }
  const note = noteOf(codec)
  const base = note?.like === undefined ? byKind(codec, field, options, top) : derive(note.like, field, options, top)
  const optional = base.optional || note?.absent !== undefined
  const schema = withDescription({ ...base.schema, ...note?.schema }, refusedWith(note, base.optional, field))
  if (note?.absent === undefined) return { schema, optional }
  const fallback = note.absent.fallback
  return {
    schema: {
      ...(options.nullable === false ? schema : orNull(schema)),
      ...(fallback === undefined || fallback === null ? {} : { default: fallback }),
    },
    optional,
  }
}

/**
 * The JSON Schema (draft 2020-12) of the JSON a codec takes, derived from its runtime structure and what the
 * helpers that built it noted (shared/schema/schema-notes.ts). A field is required unless its codec may be left
 * out; unknown fields are allowed, as `t.exact` drops them rather than refusing them. A codec neither built from
 * io-ts's combinators nor noted is an error, so no part of a schema is ever guessed.
 */
export const jsonSchemaOf = (codec: t.Any, options: SchemaOptions = {}): JsonSchema =>
  derive(codec, '', options, true).schema
