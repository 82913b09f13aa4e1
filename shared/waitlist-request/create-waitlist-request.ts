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
import {
  decodeErrors,
  inFieldOrder,
  isOwn,
  jsonBody,
  notAnObject,
  optionalField,
  ownFields,
  requiredField as required,
} from '../codecs/json-body'
import { STORABLE_TEXT_RULE } from '../codecs/stored-text'
import { PaymentType, TIME_SLOTS, TimeSlot, WEEKDAYS, Weekday, PAYMENT_TYPES } from './enums'
import { AppointmentTypeInput } from './appointment-type-input'
import { CATEGORY_LABEL_MAX_LENGTH, CategoryLabel, NOTES_MAX_LENGTH, Notes } from './free-text'
import { DATE_RANGE_REVERSED } from './messages'
import { isRecord } from '../codecs/input-guards'
import { noted } from '../schema/schema-notes'

export const PREFERRED_PROVIDERS_MAX = 50

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
    `must be a non-blank string of at most ${CATEGORY_LABEL_MAX_LENGTH} characters, ${STORABLE_TEXT_RULE}`,
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
    `must be a string of at most ${NOTES_MAX_LENGTH} characters, ${STORABLE_TEXT_RULE}`,
  ),
}

export const CREATE_REQUEST_FIELDS = Object.keys(fields) as ReadonlyArray<keyof typeof fields>

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
export const CreateWaitlistRequest = jsonBody('CreateWaitlistRequest', fields, [dateRangeInOrder])

export type ValidCreateRequest = t.TypeOf<typeof CreateWaitlistRequest>

type FieldCodecs = typeof fields
type Field = keyof FieldCodecs

/** A change: the fields the client named, each decoded by its create codec; a field left out stays as stored. */
export type ValidChange = { readonly [K in Field]?: t.TypeOf<FieldCodecs[K]> }
/** As sent: `null` clears an optional field (notes, a label or type re-derived from the category), as on a create. */
export type ChangeRequestBody = { readonly [K in Field]?: t.OutputOf<FieldCodecs[K]> | null }

const fieldCodec = (field: Field): t.Mixed => fields[field]

const namedFields = (body: Record<string, unknown>, context: t.Context): t.Validation<ValidChange> =>
  pipe(
    CREATE_REQUEST_FIELDS.filter((field) => isOwn(body, field)),
    A.traverse(decodeErrors)((field) =>
      pipe(
        fieldCodec(field).validate(body[field], t.appendContext(context, field, fieldCodec(field), body[field])),
        E.map((value: unknown) => [field, value] as const),
      ),
    ),
    E.map((entries) => Object.fromEntries(entries) as ValidChange),
  )

const namesSomething = (body: Record<string, unknown>, input: unknown, context: t.Context): t.Validation<unknown> =>
  Object.keys(body).length > 0
    ? t.success(undefined)
    : t.failure(
        input,
        t.appendContext(context, 'body', t.UnknownRecord, input),
        'request body names no field to change',
      )

/**
 * The body of `PATCH /apis/v1/waitlist-requests/{id}`: any of the create
 * fields, each judged by the very codec and message of a create (and end ≥
 * start when both are given), so a change can never pass what a create would
 * refuse. Rules that need the stored request run on the merged whole in the
 * worker, through the create codec again (see change-request.ts).
 */
export const ChangeWaitlistRequest = noted(
  new t.Type<ValidChange, ChangeRequestBody, unknown>(
    'ChangeWaitlistRequest',
    (u): u is ValidChange =>
      isRecord(u) && Object.keys(u).every((key) => isOwn(fields, key) && fieldCodec(key as Field).is(u[key])),
    (input, context) => {
      if (!isRecord(input)) return notAnObject(input, context)
      const body = ownFields(CREATE_REQUEST_FIELDS, input)
      return pipe(
        sequenceT(decodeErrors)(
          namesSomething(body, input, context),
          namedFields(body, context),
          dateRangeInOrder(body, context),
        ),
        E.bimap(inFieldOrder(CREATE_REQUEST_FIELDS, context.length), ([, change]) => change),
      )
    },
    // A field named to clear it decodes to undefined, which JSON would drop; it travels as null instead.
    (change) =>
      Object.fromEntries(
        Object.entries(change).map(([field, value]) => [
          field,
          value === undefined ? null : fieldCodec(field as Field).encode(value),
        ]),
      ),
  ),
  { like: t.partial(fields), schema: { description: 'Names at least one field: the fields it names are changed.' } },
)
