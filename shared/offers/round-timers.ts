import type { Instant } from './instant'
import type { RoundEffect } from './round-state'

/**
 * Delayed jobs named after what they end, so adding one again is the same
 * job (docs/offer-policy.md, "Timers"). A timer that fires early is asked for
 * again under its own name: the caller delays the job it is running.
 */

export const roundEndTimer = (openingId: string, round: number, at: Instant): RoundEffect => ({
  type: 'schedule-timer',
  name: `offer-round-${openingId}-${round}`,
  at,
  timer: { kind: 'round', round },
})

// Its own name: the round's end timer is added while this one is still running.
export const roundStartTimer = (openingId: string, round: number, at: Instant): RoundEffect => ({
  type: 'schedule-timer',
  name: `offer-round-${openingId}-${round}-start`,
  at,
  timer: { kind: 'round', round },
})

export const noticeTimer = (openingId: string, at: Instant): RoundEffect => ({
  type: 'schedule-timer',
  name: `offer-notice-${openingId}`,
  at,
  timer: { kind: 'notice-limit' },
})
