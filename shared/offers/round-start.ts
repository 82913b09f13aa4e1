import type { OfferPolicy } from '../reference-data/offer-policy'
import type { Instant } from './instant'
import { startOutsideQuietHours } from './quiet-hours'
import { noticeLimit, roundEnd } from './hold-window'
import { offerEvent } from './offer-events'
import { roundEndTimer, roundStartTimer } from './round-timers'
import type { Candidate, NewOffer, OfferRecord, OpeningRounds, StepResult } from './round-state'

/** The moment of a step and the organization's rules, judged in the clinic's zone. */
export interface StepContext {
  readonly now: Instant
  readonly policy: OfferPolicy
  readonly zone: string
}

/**
 * The next candidates in rank order who may be offered this opening: never a
 * request offered it before, never a patient who holds a PENDING offer (here,
 * elsewhere, or earlier in this batch), never one past the daily cap.
 */
const nextBatch = (
  offers: ReadonlyArray<OfferRecord>,
  candidates: ReadonlyArray<Candidate>,
  policy: OfferPolicy,
): NewOffer[] => {
  const offered = new Set(offers.map((offer) => offer.requestId))
  const holding = new Set(offers.filter((offer) => offer.status === 'PENDING').map((offer) => offer.patientId))
  const batch: NewOffer[] = []
  for (const candidate of candidates) {
    if (batch.length >= policy.batch_size) break
    const barred =
      offered.has(candidate.requestId) ||
      holding.has(candidate.patientId) ||
      candidate.holdsPendingOffer ||
      candidate.offersInLastDay >= policy.max_offers_per_patient_per_day
    if (barred) continue
    batch.push({ requestId: candidate.requestId, patientId: candidate.patientId })
    offered.add(candidate.requestId)
    holding.add(candidate.patientId)
  }
  return batch
}

/** Round `round` goes out now to the next batch; with nobody left the opening waits, OPEN, for candidates. */
const startRound = (
  state: OpeningRounds,
  round: number,
  candidates: ReadonlyArray<Candidate>,
  { now, policy }: StepContext,
): StepResult => {
  const batch = nextBatch(state.offers, candidates, policy)
  if (batch.length === 0) return { state: { ...state, phase: { kind: 'idle', round: round - 1 } }, effects: [] }
  const expiresAt = roundEnd(policy, now, state.slotStart)
  const offers = batch.map((offer): OfferRecord => ({ ...offer, round, status: 'PENDING', expiresAt }))
  return {
    state: { ...state, phase: { kind: 'live', round, endsAt: expiresAt }, offers: [...state.offers, ...offers] },
    effects: [
      { type: 'create-offers', round, expiresAt, offers: batch },
      ...offers.map((offer) => ({ type: 'emit' as const, event: offerEvent('offer.created', state.openingId, offer) })),
      roundEndTimer(state.openingId, round, expiresAt),
    ],
  }
}

/**
 * Round `round`, due at `due`: it starts then, or when quiet hours end; not
 * at all if that is past the notice limit (the notice timer then expires the
 * opening).
 */
export const beginRound = (
  state: OpeningRounds,
  round: number,
  due: Instant,
  candidates: ReadonlyArray<Candidate>,
  context: StepContext,
): StepResult => {
  const startsAt = startOutsideQuietHours(due, context.policy.quiet_hours, context.zone)
  if (startsAt >= noticeLimit(context.policy, state.slotStart))
    return { state: { ...state, phase: { kind: 'idle', round: round - 1 } }, effects: [] }
  if (startsAt > context.now)
    return {
      state: { ...state, phase: { kind: 'waiting', round, startsAt } },
      effects: [roundStartTimer(state.openingId, round, startsAt)],
    }
  return startRound(state, round, candidates, context)
}
