import { dateInZone, type IsoDate } from '../codecs/iso-date'

/**
 * `date_range_end` is the last day a patient can be offered a slot, on the
 * clinic's calendar, so a request expires once that day is over there: at the
 * clinic's midnight, not at UTC's. Kiritimati (UTC+14) and Pago Pago (UTC−11)
 * reach the same date 25 hours apart.
 */
export const isDue = (dateRangeEnd: IsoDate, timezone: string, now: Date): boolean =>
  dateRangeEnd < dateInZone(now, timezone)

/** Today on each time zone's calendar: a request at a clinic in `timezone` is due when its end is before it. */
export const todayByZone = (
  timezones: ReadonlyArray<string>,
  now: Date,
): ReadonlyArray<{ readonly timezone: string; readonly today: IsoDate }> =>
  [...new Set(timezones)].map((timezone) => ({ timezone, today: dateInZone(now, timezone) }))

/** The latest "today" anywhere (UTC+14): no request ending on or after it can be due yet, whatever its zone. */
export const latestToday = (now: Date): IsoDate => dateInZone(now, 'Etc/GMT-14')
