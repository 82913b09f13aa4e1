import * as t from 'io-ts'
import { DateTime } from 'luxon'

interface IsoDateBrand {
  readonly IsoDate: unique symbol
}

const isoDatePattern = /^\d{4}-\d{2}-\d{2}$/

/** A real calendar date written `YYYY-MM-DD` (so `2026-02-30` is refused). */
export const IsoDate = t.brand(
  t.string,
  (s): s is t.Branded<string, IsoDateBrand> => isoDatePattern.test(s) && DateTime.fromISO(s, { zone: 'utc' }).isValid,
  'IsoDate',
)
export type IsoDate = t.TypeOf<typeof IsoDate>

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: IsoDate, to: IsoDate): number =>
  DateTime.fromISO(to, { zone: 'utc' }).diff(DateTime.fromISO(from, { zone: 'utc' }), 'days').days

/** The calendar date of `instant` on the wall clocks of `timezone` (an IANA name). */
export const dateInZone = (instant: Date, timezone: string): IsoDate =>
  DateTime.fromJSDate(instant, { zone: timezone }).toISODate() as IsoDate
