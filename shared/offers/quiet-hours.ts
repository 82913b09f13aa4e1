import { IANAZone } from 'luxon'
import type { QuietHours } from '../reference-data/offer-policy'
import type { Instant } from './instant'

/**
 * When a round may start: never inside the organization's quiet hours, judged
 * on the clinic's wall clock (docs/offer-policy.md, "Quiet hours"). Plain
 * offset arithmetic on a luxon zone rather than DateTime objects, as the
 * simulator asks this for every round of every opening.
 */

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/*
 * A zone's offset, remembered by the hour: luxon reads it through Intl, which cost more than all the rest of a
 * simulated step. An hour whose first and last moments have one offset has it throughout (no zone changes its clock
 * twice within an hour); an hour with a change in it is asked at each instant. About a year of hours a zone, dropped
 * oldest first.
 */
const REMEMBERED_HOURS = 366 * 24
const hourOffsets = new Map<string, Map<number, number | null>>()

const offsetAt = (zone: IANAZone, at: Instant): number => {
  const known = hourOffsets.get(zone.name) ?? new Map<number, number | null>()
  if (known.size === 0) hourOffsets.set(zone.name, known)
  const hour = Math.floor(at / HOUR)
  let offset = known.get(hour)
  if (offset === undefined) {
    const first = zone.offset(hour * HOUR)
    offset = first === zone.offset((hour + 1) * HOUR - 1) ? first : null
    if (known.size >= REMEMBERED_HOURS) known.delete(known.keys().next().value as number)
    known.set(hour, offset)
  }
  return offset ?? zone.offset(at)
}

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

/** The clinic's wall clock at `at`, written as if it were UTC: plain arithmetic then reads its date and time of day. */
const wallClock = (zone: IANAZone, at: Instant): number => at + offsetAt(zone, at) * MINUTE

const timeOfDay = (wall: number): number => ((wall % DAY) + DAY) % DAY

const isQuiet = (zone: IANAZone, quiet: QuietHours, at: Instant): boolean => {
  const now = timeOfDay(wallClock(zone, at))
  const start = minutesOf(quiet.start) * MINUTE
  const end = minutesOf(quiet.end) * MINUTE
  return start < end ? now >= start && now < end : now >= start || now < end
}

/**
 * The instants at which the clinic's clock reads `wall`: one as a rule, two in
 * the hour repeated when clocks go back, none in the hour skipped when they go
 * forward; then the moment of the jump, the first instant the clock reads later.
 */
const instantsReading = (zone: IANAZone, wall: number): Instant[] => {
  // Offsets a day either side are those before and after any change near `wall`: no zone changes twice in a day.
  const guesses = [...new Set([offsetAt(zone, wall - DAY), offsetAt(zone, wall + DAY)])].map((o) => wall - o * MINUTE)
  const exact = guesses.filter((at) => wallClock(zone, at) === wall)
  if (exact.length > 0) return exact
  let before = Math.min(...guesses)
  let after = Math.max(...guesses)
  const offsetAfter = offsetAt(zone, after)
  while (after - before > 1) {
    const middle = Math.floor((before + after) / 2)
    if (offsetAt(zone, middle) === offsetAfter) after = middle
    else before = middle
  }
  return [after]
}

/**
 * The first instant at or after `due` outside quiet hours: `due` itself, or
 * the next time the clinic's clock reads the end of quiet hours (the same
 * local day or the next, whichever comes first after `due`).
 */
export const startOutsideQuietHours = (due: Instant, quiet: QuietHours | null, zoneName: string): Instant => {
  if (quiet === null) return due
  const zone = IANAZone.create(zoneName)
  if (!isQuiet(zone, quiet, due)) return due
  const dueWall = wallClock(zone, due)
  const endWall = dueWall - timeOfDay(dueWall) + minutesOf(quiet.end) * MINUTE
  const ends = [...instantsReading(zone, endWall), ...instantsReading(zone, endWall + DAY)].filter((at) => at > due)
  return Math.min(...ends)
}
