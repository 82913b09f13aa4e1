import type { Instant } from '../../shared/offers/instant'
import { percentile } from '../../test/support/percentiles'
import type { RunOutcome } from './outcomes'

/**
 * The figures of one run (issue 17): over the openings freed and the
 * patients waiting in the measured window, however long after it an
 * opening's fate was decided. One still OPEN when the run ends, for a slot
 * after it, has no fate yet and is left out (counted in `undecided`).
 */

const HOUR = 60 * 60 * 1000
const DAY = 24 * HOUR
const WEEK = 7 * DAY

interface Band {
  readonly priority: number
  readonly requests: number
  readonly bookedShare: number
  readonly offeredShare: number
  readonly medianDaysSooner: number
}

/** Openings by how long before its start the slot was freed. */
interface NoticeBand {
  readonly band: string
  readonly freed: number
  readonly filled: number
}

const NOTICE_BANDS: ReadonlyArray<readonly [string, number]> = [
  ['under 24 h', DAY],
  ['1–7 days', 7 * DAY],
  ['7–30 days', 30 * DAY],
  ['30–90 days', 90 * DAY],
  ['90 days or more', Infinity],
]

export interface Summary {
  readonly policy: string
  readonly freed: number
  /** Freed in the window for slots after the run's end, still OPEN then: in no rate. */
  readonly undecided: number
  readonly filled: number
  readonly fillRate: number
  /** Slots freed at least 24 hours before they start: the goal's. */
  readonly freedWithDay: number
  readonly fillRateWithDay: number
  readonly byNotice: ReadonlyArray<NoticeBand>
  readonly medianHoursToFill: number
  readonly p90HoursToFill: number
  readonly daysSooner: ReadonlyArray<number>
  readonly medianDaysSooner: number
  readonly offers: number
  readonly offersPerFill: number
  /** Offers that booked their slot, per offer sent. */
  readonly bookedPerOffer: number
  /** Offers answered "yes", in time or not, per offer sent. */
  readonly acceptedPerOffer: number
  /** Messages per waiting patient per week waited; the most one patient got in one week; the share of weeks over 3. */
  readonly messagesPerPatientWeek: number
  readonly mostInAWeek: number
  readonly weeksOverThree: number
  readonly neverOfferedShare: number
  /** Messages each waiting patient got, for the chart. */
  readonly messagesPerPatient: ReadonlyArray<number>
  readonly bands: ReadonlyArray<Band>
  /** Bands booked at under a quarter of the overall share. */
  readonly starvedBands: ReadonlyArray<number>
}

const median = (values: ReadonlyArray<number>) => percentile(values, 50)
const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole)

export const summarise = (
  run: RunOutcome,
  window: { readonly start: Instant; readonly end: Instant; readonly horizon: Instant },
): Summary => {
  const inWindow = (at: Instant) => at >= window.start && at < window.end
  const freed = run.openings.filter((o) => inWindow(o.freedAt))
  const openings = freed.filter((o) => o.status !== 'OPEN' || o.slotStart <= window.horizon)
  const filled = openings.filter((o) => o.status === 'FILLED')
  const withDay = openings.filter((o) => o.slotStart - o.freedAt >= DAY)
  const requests = run.requests.filter(
    (r) => r.waitingFrom < window.end && (r.ended === undefined || r.ended.at > window.start),
  )
  const exposureWeeks = requests.reduce((sum, r) => {
    const from = Math.max(r.waitingFrom, window.start)
    return sum + Math.max(0, Math.min(r.ended?.at ?? window.end, window.end) - from) / WEEK
  }, 0)
  const weekly = new Map<string, number>()
  let messages = 0
  for (const [patientId, times] of run.messages) {
    for (const at of times.filter(inWindow)) {
      messages += 1
      const key = `${patientId}|${Math.floor((at - window.start) / WEEK)}`
      weekly.set(key, (weekly.get(key) ?? 0) + 1)
    }
  }
  const booked = requests.filter((r) => r.booked !== undefined)
  const overallBooked = share(booked.length, requests.length)
  const bands = [1, 2, 3, 4, 5].map((priority): Band => {
    const band = requests.filter((r) => r.priority === priority)
    const bandBooked = band.flatMap((r) => (r.booked === undefined ? [] : [r.booked.daysSooner]))
    return {
      priority,
      requests: band.length,
      bookedShare: share(bandBooked.length, band.length),
      offeredShare: share(band.filter((r) => r.offers > 0).length, band.length),
      medianDaysSooner: median(bandBooked),
    }
  })
  const daysSooner = filled.flatMap((o) => (o.booked === undefined ? [] : [o.booked.daysSooner]))
  const hoursToFill = filled.map((o) => ((o.endedAt ?? o.freedAt) - o.freedAt) / HOUR)
  const offers = openings.reduce((sum, o) => sum + o.offers, 0)
  const { answers } = run
  return {
    policy: run.policy,
    freed: openings.length,
    undecided: freed.length - openings.length,
    filled: filled.length,
    fillRate: share(filled.length, openings.length),
    freedWithDay: withDay.length,
    fillRateWithDay: share(withDay.filter((o) => o.status === 'FILLED').length, withDay.length),
    byNotice: NOTICE_BANDS.map(([band, below], i) => {
      const above = NOTICE_BANDS[i - 1]?.[1] ?? -Infinity
      const inBand = openings.filter((o) => o.slotStart - o.freedAt >= above && o.slotStart - o.freedAt < below)
      return { band, freed: inBand.length, filled: inBand.filter((o) => o.status === 'FILLED').length }
    }),
    medianHoursToFill: median(hoursToFill),
    p90HoursToFill: percentile(hoursToFill, 90),
    daysSooner,
    medianDaysSooner: median(daysSooner),
    offers,
    offersPerFill: share(offers, filled.length),
    bookedPerOffer: share(answers.booked, answers.sent),
    acceptedPerOffer: share(answers.booked + answers.acceptedTooLate, answers.sent),
    messagesPerPatientWeek: share(messages, exposureWeeks),
    mostInAWeek: Math.max(0, ...weekly.values()),
    weeksOverThree: share([...weekly.values()].filter((n) => n > 3).length, exposureWeeks),
    neverOfferedShare: share(requests.filter((r) => r.offers === 0).length, requests.length),
    messagesPerPatient: requests.map((r) => r.offers),
    bands,
    starvedBands: bands.filter((b) => b.requests > 0 && b.bookedShare < overallBooked / 4).map((b) => b.priority),
  }
}
