import * as t from 'io-ts'
import * as E from 'fp-ts/Either'
import * as NEA from 'fp-ts/NonEmptyArray'
import { pipe } from 'fp-ts/function'
import { noted } from '../schema/schema-notes'

/** One failed rule: the field it is about and a message a person can act on. */
export const FieldError = t.type({ field: t.string, message: t.string })
export type FieldError = t.TypeOf<typeof FieldError>

const FieldErrorArray = t.array(FieldError)
const isNonEmpty = (errors: Array<FieldError>): errors is NEA.NonEmptyArray<FieldError> => errors.length > 0

export const FieldErrors = noted(
  new t.Type<NEA.NonEmptyArray<FieldError>, Array<FieldError>, unknown>(
    'FieldErrors',
    (u): u is NEA.NonEmptyArray<FieldError> => FieldErrorArray.is(u) && isNonEmpty(u),
    (u, c) =>
      pipe(
        FieldErrorArray.validate(u, c),
        E.chain((errors) => (isNonEmpty(errors) ? t.success(errors) : t.failure(u, c))),
      ),
    t.identity,
  ),
  { like: FieldErrorArray, schema: { minItems: 1 } },
)
export type FieldErrors = t.TypeOf<typeof FieldErrors>

/** Every rule failure is kept, so a client learns all that is wrong in one answer. */
export const validation = E.getApplicativeValidation(NEA.getSemigroup<FieldError>())

export type Validation<A> = E.Either<FieldErrors, A>

export const fail = (field: string, message: string): Validation<never> => E.left([{ field, message }])

/**
 * `clinics[2].timezone`: array positions are kept, while the member indices
 * io-ts adds inside unions and intersections are not, as no client wrote them.
 */
export const fieldOf = (context: t.Context): string =>
  context.reduce((path, entry, index) => {
    const parent = context[index - 1]?.type
    if (entry.key === '' || parent instanceof t.UnionType || parent instanceof t.IntersectionType) return path
    if (/^\d+$/.test(entry.key)) return `${path}[${entry.key}]`
    return path === '' ? entry.key : `${path}.${entry.key}`
  }, '')

/**
 * io-ts failures as field errors. Codecs meant for clients carry their own
 * message (see `withMessage`); any other failure still names its field.
 */
export const fromDecodeErrors = (errors: t.Errors): FieldErrors => {
  const mapped = errors.map((error) => {
    const field = fieldOf(error.context)
    return { field, message: error.message ?? `${field || 'value'} is invalid` }
  })
  const unique = mapped.filter(
    (error, index) =>
      mapped.findIndex((other) => other.field === error.field && other.message === error.message) === index,
  )
  return pipe(NEA.fromArray(unique), (nonEmpty) =>
    nonEmpty._tag === 'Some' ? nonEmpty.value : NEA.of({ field: 'value', message: 'value is invalid' }),
  )
}

export const decodeWithFieldErrors =
  <A>(codec: t.Decoder<unknown, A>) =>
  (input: unknown): Validation<A> =>
    pipe(codec.decode(input), E.mapLeft(fromDecodeErrors))
