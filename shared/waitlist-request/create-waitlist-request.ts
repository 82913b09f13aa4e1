import * as t from 'io-ts'
import * as E from 'fp-ts/Either'
import * as A from 'fp-ts/Array'
import { pipe } from 'fp-ts/function'
import { sequenceT } from 'fp-ts/Apply'
import { Identifier } from '../codecs/identifier'
import { IsoDate } from '../codecs/iso-date'
import { DEFAULT_PRIORITY, Priority } from '../codecs/priority'
import { optional, withDefault } from '../codecs/optional'
import { distinctArray } from '../codecs/distinct-array'
import { withMessage } from '../codecs/with-message'
import { PaymentType, TIME_SLOTS, TimeSlot, WEEKDAYS, Weekday, PAYMENT_TYPES } from './enums'
import { AppointmentTypeInput } from './appointment-type-input'
import { CATEGORY_LABEL_MAX_LENGTH, CategoryLabel, NOTES_MAX_LENGTH, Notes } from './free-text'
import { DATE_RANGE_REVERSED } from './messages'

export const PREFERRED_PROVIDERS_MAX = 50

const isAbsent = (input: unknown) => input === undefined || input === null

const required = <C extends t.Any>(field: string, codec: C, rule: string) =>
  withMessage(codec, (input) => (isAbsent(input) ? `${field} is required` : `${field} ${rule}`))

const optionalField = <C extends t.Any>(field: string, codec: C, rule: string) =>
  withMessage(codec, () => `${field} ${rule}`)

/**
 * The body of `POST /apis/v1/waitlist-requests`, field by field, in the API
 * page's order (which is also the order failures are reported in).
 */
const fields = {
  clinic_id: required('clinic_id', Identifier, 'must be a clinic id'),
  preferred_providers: optionalField(
    'preferred_providers',
    withDefault(distinctArray(Identifier, PREFERRED_PROVIDERS_MAX), []),
    `must be an array of at most ${PREFERRED_PROVIDERS_MAX} provider ids`,
  ),
  preferred_time_slots: optionalField(
    'preferred_time_slots',
    withDefault(distinctArray(TimeSlot, TIME_SLOTS.length), []),
    `must be an array of ${TIME_SLOTS.join(', ')}`,
  ),
  preferred_days: optionalField(
    'preferred_days',
    withDefault(distinctArray(Weekday, WEEKDAYS.length), []),
    `must be an array of ${WEEKDAYS.join(', ')}`,
  ),
  date_range_start: required('date_range_start', IsoDate, 'must be a real date in YYYY-MM-DD format'),
  date_range_end: required('date_range_end', IsoDate, 'must be a real date in YYYY-MM-DD format'),
  appointment_category_id: required('appointment_category_id', Identifier, 'must be a category id'),
  appointment_category: optionalField(
    'appointment_category',
    optional(CategoryLabel),
    `must be a non-blank string of at most ${CATEGORY_LABEL_MAX_LENGTH} characters, without NUL characters`,
  ),
  appointment_type: optionalField(
    'appointment_type',
    optional(AppointmentTypeInput),
    'must be one of Initial Evaluation, Follow Up, INITIAL_EVAL, FOLLOW_UP',
  ),
  payment_type: required('payment_type', PaymentType, `must be one of ${PAYMENT_TYPES.join(', ')}`),
  priority: optionalField('priority', withDefault(Priority, DEFAULT_PRIORITY), 'must be an integer from 1 to 5'),
  notes: optionalField(
    'notes',
    optional(Notes),
    `must be a string of at most ${NOTES_MAX_LENGTH} characters, without NUL characters`,
  ),
}

export const CREATE_REQUEST_FIELDS = Object.keys(fields) as ReadonlyArray<keyof typeof fields>

const Fields = t.exact(t.type(fields))

export type ValidCreateRequest = t.TypeOf<typeof Fields>
export type CreateRequestBody = t.OutputOf<typeof Fields>

const isJsonObject = (input: unknown): input is Record<string, unknown> =>
  typeof input === 'object' && input !== null && !Array.isArray(input)

/**
 * Only the body's own known fields are read: inherited or `__proto__` keys can
 * never stand in for a field, and unknown fields are dropped here.
 */
const ownFields = (body: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(
    CREATE_REQUEST_FIELDS.filter((field) => Object.prototype.hasOwnProperty.call(body, field)).map((field) => [
      field,
      body[field],
    ]),
  )

const decodeErrors = E.getApplicativeValidation(A.getMonoid<t.ValidationError>())

/** Failures in the API page's field order, cross-field rules among them, whatever order the rules ran in. */
const inFieldOrder =
  (depth: number) =>
  (errors: t.Errors): t.Errors => {
    const position = (error: t.ValidationError) =>
      CREATE_REQUEST_FIELDS.indexOf(error.context[depth]?.key as (typeof CREATE_REQUEST_FIELDS)[number])
    return [...errors].sort((a, b) => position(a) - position(b))
  }

const dateRangeInOrder = (body: Record<string, unknown>, context: t.Context): t.Validation<unknown> => {
  const start = body['date_range_start']
  const end = body['date_range_end']
  return IsoDate.is(start) && IsoDate.is(end) && end < start
    ? t.failure(end, t.appendContext(context, 'date_range_end', IsoDate, end), DATE_RANGE_REVERSED)
    : t.success(undefined)
}

/**
 * The synchronous rules of a create request as one codec: formats, enums,
 * ranges, defaults, type normalisation and end ≥ start, every failure kept.
 * The ingress decodes HTTP bodies with it and the worker decodes job data with
 * it, so a rule cannot be skipped by coming in through the queue.
 */
export const CreateWaitlistRequest = new t.Type<ValidCreateRequest, CreateRequestBody, unknown>(
  'CreateWaitlistRequest',
  Fields.is,
  (input, context) => {
    if (!isJsonObject(input)) {
      return t.failure(
        input,
        t.appendContext(context, 'body', t.UnknownRecord, input),
        'request body must be a JSON object',
      )
    }
    const body = ownFields(input)
    return pipe(
      sequenceT(decodeErrors)(Fields.validate(body, context), dateRangeInOrder(body, context)),
      E.bimap(inFieldOrder(context.length), ([request]) => request),
    )
  },
  Fields.encode,
)
