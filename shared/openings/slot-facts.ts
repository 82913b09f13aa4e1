import { DateTime } from 'luxon'
import type { Identifier } from '../codecs/identifier'
import type { IsoDate } from '../codecs/iso-date'
import type { TimeZone } from '../codecs/time-zone'
import { WEEKDAYS, type TimeSlot, type Weekday } from '../waitlist-request/enums'
import type { OpeningPayload } from './opening-payload'

export type PartOfDay = Exclude<TimeSlot, 'ANYTIME'>

/**
 * The part of the day a local hour falls in (docs/matching.md): MORNING
 * [05:00, 12:00), AFTERNOON [12:00, 17:00), EVENING [17:00, 22:00); a start at
 * night is in none, so only a request that takes any time fits it.
 */
export const partOfDay = (hour: number): PartOfDay | null => {
  if (hour >= 5 && hour < 12) return 'MORNING'
  if (hour >= 12 && hour < 17) return 'AFTERNOON'
  if (hour >= 17 && hour < 22) return 'EVENING'
  return null
}

/** An opening with the time zone of its clinic, which every date and time rule is judged in. */
export type OpeningAtClinic = Pick<
  OpeningPayload,
  'clinic_id' | 'provider_id' | 'start' | 'duration_minutes' | 'appointment_category_ids' | 'released_by_patient_id'
> & { readonly timezone: TimeZone }

/**
 * Where a slot's start falls on its clinic's clock, with the facts an SQL
 * pre-filter can match requests on (clinic, provider, local date, weekday and
 * part of day); `time` is for the sentences.
 */
export interface SlotFacts {
  readonly clinic_id: Identifier
  readonly provider_id: Identifier
  readonly timezone: TimeZone
  readonly date: IsoDate
  readonly weekday: Weekday
  readonly time: string
  readonly part_of_day: PartOfDay | null
}

const localStart = (start: string, timezone: TimeZone) => {
  const local = DateTime.fromISO(start, { zone: timezone })
  return {
    date: local.toISODate() as IsoDate,
    weekday: WEEKDAYS[local.weekday - 1] as Weekday,
    time: local.toFormat('HH:mm'),
    part_of_day: partOfDay(local.hour),
  }
}

/*
 * The slots asked about lately: fit runs once per request against one opening, and converting to a zone is the
 * costly part. A worker ranks many openings at once, so one remembered slot would be replaced before its next
 * request; a new request is judged against every idle opening of its clinic (nudge-openings.ts), which the
 * simulation of a few clinics' quarter (docs/simulation.md) counts in the thousands. A few thousand, dropped oldest
 * first (about a megabyte), cover every opening in hand.
 */
const RECENT_SLOTS = 4096
const recent = new Map<string, ReturnType<typeof localStart>>()

const localStartOf = (start: string, timezone: TimeZone) => {
  const key = `${start}|${timezone}`
  const known = recent.get(key)
  if (known !== undefined) return known
  const local = localStart(start, timezone)
  if (recent.size >= RECENT_SLOTS) recent.delete(recent.keys().next().value as string)
  recent.set(key, local)
  return local
}

export const slotFacts = (
  opening: Pick<OpeningAtClinic, 'clinic_id' | 'provider_id' | 'start' | 'timezone'>,
): SlotFacts => ({
  clinic_id: opening.clinic_id,
  provider_id: opening.provider_id,
  timezone: opening.timezone,
  ...localStartOf(opening.start, opening.timezone),
})
