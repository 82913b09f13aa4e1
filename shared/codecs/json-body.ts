import * as t from 'io-ts'
import * as E from 'fp-ts/Either'
import * as A from 'fp-ts/Array'
import { pipe } from 'fp-ts/function'
import { sequenceT } from 'fp-ts/Apply'
import { isAbsent, isRecord } from './input-guards'
import { withMessage } from './with-message'
import { noted } from '../schema/schema-notes'

/** A field a body must carry: `x is required` when it is absent or null, `x <rule>` when it is wrong. */
export const requiredField = <C extends t.Any>(field: string, codec: C, rule: string) =>
  withMessage(codec, (input) => (isAbsent(input) ? `${field} is required` : `${field} ${rule}`))

/** A field a body may leave out (its codec gives the default): `x <rule>` when it is wrong. */
export const optionalField = <C extends t.Any>(field: string, codec: C, rule: string) =>
  withMessage(codec, () => `${field} ${rule}`)

export const isOwn = (body: Record<string, unknown>, field: string) => Object.prototype.hasOwnProperty.call(body, field)

/**
 * Only the body's own known fields are read: inherited or `__proto__` keys can
 * never stand in for a field, and unknown fields are dropped here.
 */
export const ownFields = (names: ReadonlyArray<string>, body: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(names.filter((field) => isOwn(body, field)).map((field) => [field, body[field]]))

/** Every failure kept, of the fields and of the rules across them. */
export const decodeErrors = E.getApplicativeValidation(A.getMonoid<t.ValidationError>())

/** Failures in the body's documented field order, cross-field rules among them, whatever order the rules ran in. */
export const inFieldOrder =
  (names: ReadonlyArray<string>, depth: number) =>
  (errors: t.Errors): t.Errors => {
    const position = (error: t.ValidationError) => names.indexOf(error.context[depth]?.key ?? '')
    return [...errors].sort((a, b) => position(a) - position(b))
  }

export const notAnObject = (input: unknown, context: t.Context): t.Validation<never> =>
  t.failure(input, t.appendContext(context, 'body', t.UnknownRecord, input), 'request body must be a JSON object')

/** A rule across fields, judged on the body's own fields as sent; it reports through `t.failure`. */
type CrossFieldRule = (body: Record<string, unknown>, context: t.Context) => t.Validation<unknown>

/**
 * A JSON body as one codec: every field by its own codec and message, then the
 * rules across fields, every failure kept and reported in the fields' order
 * (the order of `props`, which is the order the API documents them in).
 */
export const jsonBody = <P extends t.Props>(name: string, props: P, rules: ReadonlyArray<CrossFieldRule> = []) => {
  const names = Object.keys(props)
  const Fields = t.exact(t.type(props))
  return noted(
    new t.Type<t.TypeOf<typeof Fields>, t.OutputOf<typeof Fields>, unknown>(
      name,
      Fields.is,
      (input, context) => {
        if (!isRecord(input)) return notAnObject(input, context)
        const body = ownFields(names, input)
        return pipe(
          sequenceT(decodeErrors)(
            Fields.validate(body, context),
            A.sequence(decodeErrors)(rules.map((rule) => rule(body, context))),
          ),
          E.bimap(inFieldOrder(names, context.length), ([fields]) => fields),
        )
      },
      Fields.encode,
    ),
    { like: Fields },
  )
}
