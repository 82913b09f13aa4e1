import type { OfferPolicy } from '../reference-data/offer-policy'
import type { Instant } from './instant'

/** How long offers wait for an answer, and the last moment any offer may stand (docs/offer-policy.md). */

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** The moment the slot is too close to offer: from then on no round starts and an OPEN opening expires. */
export const noticeLimit = (policy: OfferPolicy, slotStart: Instant): Instant =>
  slotStart - policy.min_notice_minutes * MINUTE

// Without a set hold, a distant slot can wait for a patient to read a message; a close one must move on.
const holdByNotice = (notice: number): number => {
  if (notice > 7 * DAY) return 12 * HOUR
  if (notice >= DAY) return 2 * HOUR
  return 20 * MINUTE
}

/** When a round started at `roundStart` ends: its hold window, cut short at the notice limit. */
export const roundEnd = (policy: OfferPolicy, roundStart: Instant, slotStart: Instant): Instant => {
  const hold = policy.hold_seconds === undefined ? holdByNotice(slotStart - roundStart) : policy.hold_seconds * 1000
  return Math.min(roundStart + hold, noticeLimit(policy, slotStart))
}
