import * as t from 'io-ts'
import { DateTime } from 'luxon'
import { noted } from '../schema/schema-notes'

interface IsoDateBrand {
  readonly IsoDate: unique symbol
}

const isoDatePattern = /^\d{4}-\d{2}-\d{2}$/

/*
 * Years 0001–9999: four digits keep a date below 10000, and PostgreSQL has no
 * year 0 (1 BC comes before AD 1), so `0000-01-01` would fail in the database
 * rather than here. Timestamps hold to the same years (timestamp.ts).
 */
const MIN_YEAR = 1

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

const partsOf = (s: string) => ({
  year: Number(s.slice(0, 4)),
  month: Number(s.slice(5, 7)),
  day: Number(s.slice(8, 10)),
})

/*
 * Plain proleptic-Gregorian arithmetic rather than a date library: these run
 * for every row of a batch import (twice per row for the codec), and parsing
 * through luxon there cost more than all the other rules together.
 */
export const isCalendarDate = (s: string): boolean => {
  if (!isoDatePattern.test(s)) return false
  const { year, month, day } = partsOf(s)
  const monthDays = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]
  return year >= MIN_YEAR && monthDays !== undefined && day >= 1 && day <= monthDays
}

/** Days since 1970-01-01 (Howard Hinnant's days_from_civil), exact for any year written with four digits. */
const dayNumber = (s: string): number => {
  const { year, month, day } = partsOf(s)
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yearOfEra = y - era * 400
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
  return era * 146097 + dayOfEra - 719468
}

/** A real calendar date written `YYYY-MM-DD`, years 0001–9999 (so `2026-02-30` and `0000-01-01` are refused). */
export const IsoDate = noted(
  t.brand(t.string, (s): s is t.Branded<string, IsoDateBrand> => isCalendarDate(s), 'IsoDate'),
  {
    schema: {
      description: 'A real calendar date, YYYY-MM-DD, in the years 0001 to 9999.',
      format: 'date',
      pattern: isoDatePattern.source,
    },
  },
)
export type IsoDate = t.TypeOf<typeof IsoDate>

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: IsoDate, to: IsoDate): number => dayNumber(to) - dayNumber(from)

/*
 * Per zone, the day last asked about and the instants it spans there: a
 * worker judges every create against "today" in its clinic's zone, and
 * converting an instant to a zone's wall clock is the costly part, so it is
 * done once per zone and day. The span comes from the zone's own rules (a day
 * can be 23 or 25 hours long), so the answer is the same as converting anew.
 */
const dayInZone = new Map<string, { readonly from: number; readonly until: number; readonly date: IsoDate }>()

/** The calendar date of `instant` on the wall clocks of `timezone` (an IANA name). */
export const dateInZone = (instant: Date, timezone: string): IsoDate => {
  const at = instant.getTime()
  const known = dayInZone.get(timezone)
  if (known !== undefined && known.from <= at && at < known.until) return known.date
  const local = DateTime.fromMillis(at, { zone: timezone })
  const date = local.toISODate() as IsoDate
  // Not start + 1 day: where clocks jump at midnight, that keeps the first hour's wall time into the next day.
  dayInZone.set(timezone, { from: local.startOf('day').toMillis(), until: local.endOf('day').toMillis() + 1, date })
  return date
}
