import type { Instant } from './instant'
import { noticeLimit } from './hold-window'
import type { OfferPolicy } from '../reference-data/offer-policy'
import type { OpeningRounds, ScheduleTimer } from './round-state'

/**
 * Delayed jobs named after what they end, so adding one again is the same
 * job (docs/offer-policy.md, "Timers"). A timer that fires early is asked for
 * again under its own name: the caller delays the job it is running.
 */

export const roundEndTimer = (openingId: string, round: number, at: Instant): ScheduleTimer => ({
  type: 'schedule-timer',
  name: `offer-round-${openingId}-${round}`,
  openingId,
  at,
  timer: { kind: 'round', round },
})

// Its own name: the round's end timer is added while this one is still running.
export const roundStartTimer = (openingId: string, round: number, at: Instant): ScheduleTimer => ({
  type: 'schedule-timer',
  name: `offer-round-${openingId}-${round}-start`,
  openingId,
  at,
  timer: { kind: 'round', round },
})

export const noticeTimer = (openingId: string, at: Instant): ScheduleTimer => ({
  type: 'schedule-timer',
  name: `offer-notice-${openingId}`,
  openingId,
  at,
  timer: { kind: 'notice-limit' },
})

/**
 * Every timer an opening in this state waits on: the notice timer while it is
 * OPEN, and its waiting round's start or its live round's end. Adding them
 * again is harmless (a timer is named after what it ends), so the worker adds
 * them after every step, and a step whose timers were lost with a killed
 * worker gets them back when its job runs again.
 */
export const timersFor = (state: OpeningRounds, policy: OfferPolicy): ScheduleTimer[] => {
  if (state.status !== 'OPEN') return []
  const notice = noticeTimer(state.openingId, noticeLimit(policy, state.slotStart))
  const { phase } = state
  if (phase.kind === 'waiting') return [notice, roundStartTimer(state.openingId, phase.round, phase.startsAt)]
  if (phase.kind === 'live') return [notice, roundEndTimer(state.openingId, phase.round, phase.endsAt)]
  return [notice]
}
