import { DateTime } from 'luxon'
import type { OfferSlot } from '../../shared/offers/offer-payload'
import type { ProviderDetails } from '../../shared/waitlist-request/waitlist-request-payload'

/** The page speaks American English; times are the clinic's wall clock, the zone named beside them. */
const LOCALE = 'en-US'

const inZone = (instant: string, zone: string): DateTime => DateTime.fromISO(instant, { zone }).setLocale(LOCALE)

const plural = (count: number, unit: string): string => `${count} ${unit}${count === 1 ? '' : 's'}`

const durationWords = (minutes: number): string => {
  const hours = Math.floor(minutes / 60)
  const rest = minutes % 60
  if (hours === 0) return plural(rest, 'minute')
  return rest === 0 ? plural(hours, 'hour') : `${plural(hours, 'hour')} ${plural(rest, 'minute')}`
}

/** A slot as a patient reads it: "Monday", "July 13, 2026", "9:30 AM – 10:30 AM", "Eastern Daylight Time", "1 hour". */
export interface SlotWords {
  readonly weekday: string
  readonly date: string
  readonly time: string
  readonly zone: string
  readonly duration: string
  readonly provider: string
}

const providerName = (provider: ProviderDetails): string =>
  [`${provider.first_name} ${provider.last_name}`.trim(), provider.title.trim()].filter((s) => s !== '').join(', ')

export const slotWords = (slot: OfferSlot): SlotWords => {
  const start = inZone(slot.start, slot.timezone)
  const end = inZone(slot.end, slot.timezone)
  return {
    weekday: start.toFormat('cccc'),
    date: start.toFormat('LLLL d, yyyy'),
    time: `${start.toFormat('h:mm a')} – ${end.toFormat('h:mm a')}`,
    zone: start.toFormat('ZZZZZ'),
    duration: durationWords(slot.duration_minutes),
    provider: providerName(slot.provider),
  }
}

/** An instant on the clinic's clock, for "answer by": "Monday, July 13 at 5:30 PM Eastern Daylight Time". */
export const momentWords = (instant: string, zone: string): string =>
  inZone(instant, zone).toFormat("cccc, LLLL d 'at' h:mm a ZZZZZ")
