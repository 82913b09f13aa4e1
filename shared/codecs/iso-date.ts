import * as t from 'io-ts'
import { DateTime } from 'luxon'

interface IsoDateBrand {
  readonly IsoDate: unique symbol
}

const isoDatePattern = /^\d{4}-\d{2}-\d{2}$/

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
const isCalendarDate = (s: string): boolean => {
  if (!isoDatePattern.test(s)) return false
  const { year, month, day } = partsOf(s)
  const monthDays = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]
  return monthDays !== undefined && day >= 1 && day <= monthDays
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

/** A real calendar date written `YYYY-MM-DD` (so `2026-02-30` is refused). */
export const IsoDate = t.brand(t.string, (s): s is t.Branded<string, IsoDateBrand> => isCalendarDate(s), 'IsoDate')
export type IsoDate = t.TypeOf<typeof IsoDate>

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: IsoDate, to: IsoDate): number => dayNumber(to) - dayNumber(from)

/*
 * The last answer per zone: a worker judges a whole chunk of imported rows
 * against one `now`, and converting an instant to a zone's wall clock is the
 * costly part. The answer depends only on the arguments, so this cannot change
 * a result.
 */
const lastDateInZone = new Map<string, { readonly at: number; readonly date: IsoDate }>()

/** The calendar date of `instant` on the wall clocks of `timezone` (an IANA name). */
export const dateInZone = (instant: Date, timezone: string): IsoDate => {
  const at = instant.getTime()
  const cached = lastDateInZone.get(timezone)
  if (cached !== undefined && cached.at === at) return cached.date
  const date = DateTime.fromJSDate(instant, { zone: timezone }).toISODate() as IsoDate
  lastDateInZone.set(timezone, { at, date })
  return date
}
