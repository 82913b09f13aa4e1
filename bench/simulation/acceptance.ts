import { DateTime } from 'luxon'
import type { Instant } from '../../shared/offers/instant'
import { PARAMETERS } from './parameters'
import { chance, curve, lognormal, stream } from './random'

/**
 * How a patient answers an offer of a slot (parameters.ts, `response` and
 * `acceptance`). No published source gives acceptance by notice: the curves
 * are assumptions, scaled by a base calibrated on the published acceptance
 * per offer. Every draw is named after the seed, the request and the
 * opening, so the same patient answers the same slot the same way under
 * every policy; only the moment it is offered (its notice) differs.
 */

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

export interface OfferContext {
  /** When the offer was sent (or the call made). */
  readonly sentAt: Instant
  readonly slotStart: Instant
  /** The start of the appointment the patient holds and wants to beat. */
  readonly heldStart: Instant
  /** Whether the slot is with the provider of the patient's own appointment. */
  readonly ownProvider: boolean
  readonly priority: number
}

export const daysSooner = (context: Pick<OfferContext, 'slotStart' | 'heldStart'>): number =>
  (context.heldStart - context.slotStart) / DAY

/** The chance that a patient who reads the offer takes it. */
export const acceptanceChance = (context: OfferContext): number => {
  const { acceptance } = PARAMETERS
  const notice = curve(acceptance.byNoticeHours, Math.max(0, context.slotStart - context.sentAt) / HOUR)
  const sooner = curve(acceptance.byDaysSooner, Math.max(0, daysSooner(context)))
  const provider = context.ownProvider ? 1 : acceptance.otherProvider
  const priority = acceptance.byPriority[context.priority - 1] ?? 1
  return Math.min(1, acceptance.base * notice * sooner * provider * priority)
}

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

/** `at`, or if it falls in the night on the clinic's clock, a moment in the first hour after the night ends. */
export const awake = (at: Instant, zone: string, spread: number): Instant => {
  const { night } = PARAMETERS.response
  const local = DateTime.fromMillis(at, { zone })
  const minute = local.hour * 60 + local.minute
  const start = minutesOf(night.start)
  const end = minutesOf(night.end)
  const quiet = start > end ? minute >= start || minute < end : minute >= start && minute < end
  if (!quiet) return at
  const morning = local.set({ hour: Math.floor(end / 60), minute: end % 60, second: 0, millisecond: 0 })
  const next = morning.toMillis() > at ? morning : morning.plus({ days: 1 })
  return Math.round(next.toMillis() + spread * HOUR)
}

/**
 * How the patient of `requestId` would answer `openingId`, drawn once from a
 * stream of their own in a fixed order, whatever the policy: their leaning
 * towards the slot in [0, 1) (they take it when it is below the chance of
 * the moment it is offered), whether they read a message and when, and
 * whether they pick up a call.
 */
export interface Disposition {
  readonly leaning: number
  readonly answers: boolean
  readonly delayMinutes: number
  readonly spread: number
  readonly picksUp: boolean
}

/** Where a run's dispositions come from: the seed's streams, or a test's own. */
export type Dispositions = (requestId: string, openingId: string) => Disposition

export const dispositionOf = (seed: number, requestId: string, openingId: string): Disposition => {
  const { response, phone } = PARAMETERS
  const random = stream(seed, 'disposition', requestId, openingId)
  return {
    leaning: random(),
    answers: !chance(random, response.neverAnswerShare),
    delayMinutes: lognormal(random, response.delayMedianMinutes, response.delaySigma),
    spread: random(),
    picksUp: chance(random, phone.pickUpShare),
  }
}

export interface Response {
  /** When the answer comes; none for an offer never answered. */
  readonly answersAt: Instant | undefined
  readonly accepts: boolean
}

/** How a patient of this disposition answers an offer sent in `context`, on the clinic's clock. */
export const responseTo = (disposition: Disposition, zone: string, context: OfferContext): Response => ({
  answersAt: disposition.answers
    ? awake(Math.round(context.sentAt + disposition.delayMinutes * MINUTE), zone, disposition.spread)
    : undefined,
  accepts: disposition.leaning < acceptanceChance(context),
})

/** Whether a patient of this disposition, reached by phone in `context`, books the slot. */
export const acceptsCall = (disposition: Disposition, context: OfferContext): boolean =>
  disposition.picksUp && disposition.leaning < acceptanceChance(context)

export const seededDispositions =
  (seed: number): Dispositions =>
  (requestId, openingId) =>
    dispositionOf(seed, requestId, openingId)
