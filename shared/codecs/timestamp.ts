import * as t from 'io-ts'
import { DateTime } from 'luxon'

interface TimestampBrand {
  readonly Timestamp: unique symbol
}

// A date, a time and an explicit offset: a bare local time would mean a different instant in every clinic.
const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i

/** An instant written RFC 3339 with its offset; decoded to UTC with milliseconds, as every time we return. */
export const Timestamp = new t.Type<t.Branded<string, TimestampBrand>, string, unknown>(
  'Timestamp',
  (u): u is t.Branded<string, TimestampBrand> => typeof u === 'string' && rfc3339.test(u) && u.endsWith('Z'),
  (input, context) => {
    if (typeof input !== 'string' || !rfc3339.test(input)) return t.failure(input, context)
    const instant = DateTime.fromISO(input, { setZone: true })
    return instant.isValid
      ? t.success(instant.toUTC().toISO() as t.Branded<string, TimestampBrand>)
      : t.failure(input, context)
  },
  t.identity,
)
export type Timestamp = t.TypeOf<typeof Timestamp>
