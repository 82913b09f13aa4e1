import * as t from 'io-ts'
import * as E from 'fp-ts/Either'
import * as NEA from 'fp-ts/NonEmptyArray'
import * as N from 'fp-ts/number'
import * as Ord from 'fp-ts/Ord'
import { pipe } from 'fp-ts/function'
import { sequenceS } from 'fp-ts/Apply'
import { Identifier } from '../codecs/identifier'
import { Timestamp } from '../codecs/timestamp'
import { distinctArray } from '../codecs/distinct-array'
import { optional, withDefault } from '../codecs/optional'
import { isOwn, jsonBody, optionalField, requiredField } from '../codecs/json-body'
import { isRecord } from '../codecs/input-guards'
import { decodeWithFieldErrors, fail, validation, type FieldError, type Validation } from '../errors/field-error'
import { noted } from '../schema/schema-notes'

const SLOT_MINUTES_MIN = 5
const SLOT_MINUTES_MAX = 480
const OPENING_CATEGORIES_MAX = 50

interface SlotMinutesBrand {
  readonly SlotMinutes: unique symbol
}

/** A slot's length: whole minutes, from a short check-in to a working day. */
export const SlotMinutes = noted(
  t.brand(
    t.number,
    (n): n is t.Branded<number, SlotMinutesBrand> =>
      Number.isInteger(n) && n >= SLOT_MINUTES_MIN && n <= SLOT_MINUTES_MAX,
    'SlotMinutes',
  ),
  { schema: { type: 'integer', minimum: SLOT_MINUTES_MIN, maximum: SLOT_MINUTES_MAX } },
)
export type SlotMinutes = t.TypeOf<typeof SlotMinutes>

/**
 * The body of `POST /apis/v1/openings`, field by field, in the order
 * docs/matching.md lists them (which is also the order failures are reported
 * in). An empty category list means what leaving it out means: any category
 * whose duration fits.
 */
const fields = {
  clinic_id: requiredField('clinic_id', Identifier, 'must be a clinic id'),
  provider_id: requiredField('provider_id', Identifier, 'must be a provider id'),
  start: requiredField(
    'start',
    Timestamp,
    'must be an RFC 3339 date and time with an offset, like 2026-12-01T09:30:00-05:00',
  ),
  duration_minutes: requiredField(
    'duration_minutes',
    SlotMinutes,
    `must be an integer from ${SLOT_MINUTES_MIN} to ${SLOT_MINUTES_MAX}`,
  ),
  appointment_category_ids: optionalField(
    'appointment_category_ids',
    withDefault(distinctArray(Identifier, OPENING_CATEGORIES_MAX), []),
    `must be an array of at most ${OPENING_CATEGORIES_MAX} category ids`,
  ),
  external_id: optionalField(
    'external_id',
    optional(Identifier),
    'must be 1 to 64 printable ASCII characters without spaces',
  ),
  released_by_patient_id: optionalField('released_by_patient_id', optional(Identifier), 'must be a patient id'),
}

const OPENING_FIELDS: ReadonlyArray<string> = Object.keys(fields)

/**
 * The rules of an opening that need nothing looked up: formats, ranges and
 * defaults, every failure kept. Whether the slot is still ahead depends on
 * the clock, so `validateOpening` adds that.
 */
export const CreateOpening = jsonBody('CreateOpening', fields)
export type ValidOpening = t.TypeOf<typeof CreateOpening>

const passed: Validation<undefined> = E.right(undefined)

// Judged on the raw field so a past start is reported beside every other bad field, not after they are fixed.
const startAhead = (input: unknown, now: Date): Validation<undefined> => {
  const start = isRecord(input) && isOwn(input, 'start') ? input['start'] : undefined
  return pipe(
    Timestamp.decode(start),
    E.match(
      () => passed,
      (at) => (Date.parse(at) > now.getTime() ? passed : fail('start', 'start must be in the future')),
    ),
  )
}

/** Failures in the body's documented field order, whichever rule found them. */
export const byOpeningFieldOrder = pipe(
  N.Ord,
  Ord.contramap((error: FieldError) => OPENING_FIELDS.indexOf(error.field)),
)

/**
 * Every synchronous rule of an opening, the same for an HTTP body and for the
 * body of an `open-slot` job: the body codec, and a start after `now`.
 */
export const validateOpening = (input: unknown, now: Date): Validation<ValidOpening> =>
  pipe(
    sequenceS(validation)({
      opening: decodeWithFieldErrors(CreateOpening)(input),
      ahead: startAhead(input, now),
    }),
    E.bimap(NEA.sort(byOpeningFieldOrder), ({ opening }) => opening),
  )
