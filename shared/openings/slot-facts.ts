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

// The last slot asked about: fit runs once per request against one opening, and converting to a zone is the costly part.
let last: { readonly start: string; readonly timezone: string; readonly local: ReturnType<typeof localStart> } | null =
  null

export const slotFacts = (
  opening: Pick<OpeningAtClinic, 'clinic_id' | 'provider_id' | 'start' | 'timezone'>,
): SlotFacts => {
  if (last === null || last.start !== opening.start || last.timezone !== opening.timezone) {
    last = { start: opening.start, timezone: opening.timezone, local: localStart(opening.start, opening.timezone) }
  }
  return { clinic_id: opening.clinic_id, provider_id: opening.provider_id, timezone: opening.timezone, ...last.local }
}
