import * as E from 'fp-ts/Either'
import type { FieldErrors } from '../../shared/errors/field-error'
import { driverErrorsOf } from './driver-errors'

/** What node-postgres reports of a refusal; Sequelize keeps it as `original` (and `parent`) on the error it throws. */
interface PgErrorFields {
  readonly code: string
  readonly table?: unknown
  readonly column?: unknown
  readonly constraint?: unknown
}

const pgErrorOf = (error: unknown): PgErrorFields | undefined => {
  for (const candidate of driverErrorsOf(error)) {
    if (typeof candidate['code'] === 'string') return { ...candidate, code: candidate['code'] }
  }
  return undefined
}

/**
 * SQLSTATE class 22 (data exception: a value the column's type cannot hold)
 * and class 23 (integrity constraint violation: a CHECK, NOT NULL or foreign
 * key) say the database will refuse these values however often they are
 * sent, so they are the request's answer, not a fault to retry. Except 23505,
 * unique_violation: every key we write is an id chosen before enqueueing, so
 * a duplicate means another run of the same job wrote first, and the retry
 * finds that write. Everything else (a lost connection, 57P01 shutdown, 08
 * connection, 53 resources, 40001 and 40P01 serialization and deadlock) is
 * infrastructure, thrown and retried.
 */
const isDataRefusal = (code: string): boolean => (code.startsWith('22') || code.startsWith('23')) && code !== '23505'

/** Columns a client writes, by the name the API gives them. */
const FIELD_OF_COLUMN: Readonly<Record<string, string>> = {
  clinic_id: 'clinic_id',
  patient_id: 'patient_id',
  preferred_providers: 'preferred_providers',
  preferred_time_slots: 'preferred_time_slots',
  preferred_days: 'preferred_days',
  date_range_start: 'date_range_start',
  date_range_end: 'date_range_end',
  appointment_category_id: 'appointment_category_id',
  appointment_category: 'appointment_category',
  appointment_type: 'appointment_type',
  payment_type: 'payment_type',
  priority: 'priority',
  notes: 'notes',
  cancellation_reason: 'reason',
  booked_appointment_id: 'appointment_id',
  booked_appointment_start: 'appointment_start',
}

/**
 * The column a refusal names: its own `column` (NOT NULL), or the one in a
 * constraint PostgreSQL named by default, `<table>_<column>_check`, `_fkey`
 * or `_key`, with a digit when the name was taken. A constraint over several
 * columns (`<table>_check`) and a data exception name none.
 */
const columnOf = (pg: PgErrorFields): string | undefined => {
  if (typeof pg.column === 'string') return pg.column
  if (typeof pg.table !== 'string' || typeof pg.constraint !== 'string') return undefined
  const prefix = `${pg.table}_`
  if (!pg.constraint.startsWith(prefix)) return undefined
  return /^(.+)_(?:check|fkey|key|not_null)\d*$/.exec(pg.constraint.slice(prefix.length))?.[1]
}

/**
 * The rejection a refusal stands for: the field when it can be known, and
 * never the SQL, the values or the database's own words, which may quote them.
 */
const rejectionOf = (pg: PgErrorFields): FieldErrors => {
  const column = columnOf(pg)
  const field = column === undefined ? undefined : FIELD_OF_COLUMN[column]
  return field === undefined
    ? [{ field: '', message: "the database refused this request's data" }]
    : [{ field, message: `${field} was refused by the database` }]
}

/**
 * Runs a write, answering a refusal of its data as a rejection (Left) and
 * letting every other fault through, to be thrown and retried.
 */
export const refusedDataAsRejection = async <A>(write: Promise<A>): Promise<E.Either<FieldErrors, A>> => {
  try {
    return E.right(await write)
  } catch (error) {
    const pg = pgErrorOf(error)
    if (pg !== undefined && isDataRefusal(pg.code)) return E.left(rejectionOf(pg))
    throw error
  }
}
