import * as t from 'io-ts'
import { IANAZone } from 'luxon'

interface TimeZoneBrand {
  readonly TimeZone: unique symbol
}

/** An IANA time zone name that the runtime's time zone database knows. */
export const TimeZone = t.brand(
  t.string,
  (s): s is t.Branded<string, TimeZoneBrand> => IANAZone.isValidZone(s),
  'TimeZone',
)
export type TimeZone = t.TypeOf<typeof TimeZone>
