import * as t from 'io-ts'
import { DateTime } from 'luxon'
import { isCalendarDate } from './iso-date'
import { noted } from '../schema/schema-notes'

interface TimestampBrand {
  readonly Timestamp: unique symbol
}

/*
 * A date, a time and an explicit offset (a bare local time would mean a
 * different instant in every clinic), each part within RFC 3339's ranges:
 * hours 00–23 (no `24:00`), minutes and seconds 00–59, offsets within ±23:59.
 * luxon alone would take `24:00` and `+99:00`.
 */
const rfc3339 = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/i

/*
 * The instant too must fall in years 0001–9999 once in UTC:
 * `9999-12-31T23:59:59-23:59` is in year 10000 there, which luxon writes
 * `+010000-…` and PostgreSQL cannot read, and `0001-01-01T00:00:00+01:00` is
 * in year 0, which PostgreSQL does not have.
 */
const FIRST_INSTANT = Date.parse('0001-01-01T00:00:00.000Z')
const LAST_INSTANT = Date.parse('9999-12-31T23:59:59.999Z')

/** The form every time we write has: UTC with milliseconds. */
const canonical = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

/** The instant in UTC with milliseconds, or undefined when `input` is not a timestamp we take. */
const normalise = (input: unknown): string | undefined => {
  if (typeof input !== 'string') return undefined
  // Most input is our own output read back (job results, stored events): a round trip through Date settles it
  // without luxon, and only the canonical spelling survives one (no 24:00, no 30 February, no year 0).
  if (canonical.test(input)) {
    const ms = Date.parse(input)
    return ms >= FIRST_INSTANT && new Date(ms).toISOString() === input ? input : undefined
  }
  const date = rfc3339.exec(input)?.[1]
  if (date === undefined || !isCalendarDate(date)) return undefined
  const instant = DateTime.fromISO(input, { setZone: true })
  if (!instant.isValid || instant.toMillis() < FIRST_INSTANT || instant.toMillis() > LAST_INSTANT) return undefined
  return instant.toUTC().toISO() ?? undefined
}

/** An instant written RFC 3339 with its offset; decoded to UTC with milliseconds, as every time we return. */
export const Timestamp = noted(
  new t.Type<t.Branded<string, TimestampBrand>, string, unknown>(
    'Timestamp',
    (u): u is t.Branded<string, TimestampBrand> => typeof u === 'string' && normalise(u) === u,
    (input, context) => {
      const utc = normalise(input)
      return utc === undefined ? t.failure(input, context) : t.success(utc as t.Branded<string, TimestampBrand>)
    },
    t.identity,
  ),
  {
    schema: {
      type: 'string',
      format: 'date-time',
      description:
        'An instant, RFC 3339 with an explicit offset (Z or ±hh:mm), in the years 0001 to 9999; answered in UTC with milliseconds.',
    },
  },
)
export type Timestamp = t.TypeOf<typeof Timestamp>
