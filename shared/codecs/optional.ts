import * as t from 'io-ts'
import { isAbsent } from './input-guards'
import { noted } from '../schema/schema-notes'

/**
 * An optional body field: absent and `null` both mean "not given" and decode to
 * `fallback`; anything else must satisfy `codec`.
 */
export const withDefault = <C extends t.Any, D extends t.TypeOf<C> | undefined | null>(codec: C, fallback: D) =>
  noted(
    new t.Type<t.TypeOf<C> | D, t.OutputOf<C> | D, unknown>(
      `withDefault(${codec.name})`,
      (u): u is t.TypeOf<C> | D => u === fallback || codec.is(u),
      (input, context) => (isAbsent(input) ? t.success(fallback) : codec.validate(input, context)),
      (value) => (value === fallback ? fallback : (codec.encode(value) as t.OutputOf<C>)),
    ),
    { like: codec, absent: { fallback } },
  )

export const optional = <C extends t.Any>(codec: C) => withDefault(codec, undefined)
