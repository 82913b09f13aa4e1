import type { OfferPolicy } from '../reference-data/offer-policy'
import type { Instant } from './instant'
import { noticeLimit } from './hold-window'
import { offerEvent, type OfferEventType } from './offer-events'
import { noticeTimer, roundEndTimer, roundStartTimer } from './round-timers'
import { beginRound, type StepContext } from './round-start'
import type {
  Candidate,
  OfferRecord,
  OfferStatus,
  OpeningRounds,
  OpeningStatus,
  RoundEffect,
  RoundEvent,
  RoundPhase,
  StepResult,
} from './round-state'

/**
 * The offer rounds of one opening as a pure state machine
 * (docs/offer-policy.md, "Rounds"): the worker runs it against stored state
 * inside one transaction and carries out the effects; the simulator runs it
 * with a virtual clock.
 */

const unchanged = (state: OpeningRounds): StepResult => ({ state, effects: [] })

const then = (first: StepResult, next: (state: OpeningRounds) => StepResult): StepResult => {
  const second = next(first.state)
  return { state: second.state, effects: [...first.effects, ...second.effects] }
}

type Ending = Exclude<OfferStatus, 'PENDING'>

const ENDINGS: Record<Ending, { effect?: 'expire-offers' | 'withdraw-offers'; event: OfferEventType }> = {
  ACCEPTED: { event: 'offer.accepted' },
  DECLINED: { event: 'offer.declined' },
  EXPIRED: { effect: 'expire-offers', event: 'offer.expired' },
  WITHDRAWN: { effect: 'withdraw-offers', event: 'offer.withdrawn' },
}

/** Ends the PENDING offers `which` selects. Answers are stored by whoever took them, so they are only announced. */
const endOffers = (state: OpeningRounds, which: (offer: OfferRecord) => boolean, status: Ending): StepResult => {
  const ends = (offer: OfferRecord) => offer.status === 'PENDING' && which(offer)
  const ended = state.offers.filter(ends)
  if (ended.length === 0) return unchanged(state)
  const { effect, event } = ENDINGS[status]
  const stored: RoundEffect[] =
    effect === undefined ? [] : [{ type: effect, requestIds: ended.map((offer) => offer.requestId) }]
  return {
    state: { ...state, offers: state.offers.map((offer) => (ends(offer) ? { ...offer, status } : offer)) },
    effects: [
      ...stored,
      ...ended.map((offer) => ({ type: 'emit' as const, event: offerEvent(event, state.openingId, offer) })),
    ],
  }
}

const anyOffer = () => true

const roundsStarted = (phase: RoundPhase): number => {
  if (phase.kind === 'new') return 0
  return phase.kind === 'waiting' ? phase.round - 1 : phase.round
}

const close = (state: OpeningRounds, status: Exclude<OpeningStatus, 'OPEN'>): OpeningRounds => ({
  ...state,
  status,
  phase: { kind: 'idle', round: roundsStarted(state.phase) },
})

const expireOpening = (state: OpeningRounds): StepResult =>
  then(endOffers(state, anyOffer, 'EXPIRED'), (rest) => ({
    state: close(rest, 'EXPIRED'),
    effects: [
      { type: 'expire-opening' },
      { type: 'emit', event: { type: 'opening.expired', openingId: rest.openingId } },
    ],
  }))

/** The offer of `requestId` that may still be answered: PENDING and within its hold. */
const answerable = (state: OpeningRounds, requestId: string, now: Instant): OfferRecord | undefined =>
  state.offers.find((offer) => offer.requestId === requestId && offer.status === 'PENDING' && offer.expiresAt > now)

const accept = (state: OpeningRounds, offer: OfferRecord): StepResult =>
  then(
    endOffers(state, (o) => o.requestId === offer.requestId, 'ACCEPTED'),
    (accepted) =>
      then(endOffers(accepted, anyOffer, 'WITHDRAWN'), (rest) => ({
        state: close(rest, 'FILLED'),
        effects: [
          { type: 'fill-opening', requestId: offer.requestId, patientId: offer.patientId },
          {
            type: 'emit',
            event: {
              type: 'opening.filled',
              openingId: rest.openingId,
              requestId: offer.requestId,
              patientId: offer.patientId,
            },
          },
        ],
      })),
  )

/** Once no offer of the live round is PENDING and none was accepted, the next round is due at once. */
const nextRoundIfAnswered = (
  state: OpeningRounds,
  candidates: ReadonlyArray<Candidate>,
  context: StepContext,
): StepResult => {
  const { phase } = state
  if (phase.kind !== 'live') return unchanged(state)
  const waiting = state.offers.some((offer) => offer.round === phase.round && offer.status === 'PENDING')
  return waiting ? unchanged(state) : beginRound(state, phase.round + 1, context.now, candidates, context)
}

/** A timer re-checks the round it names; any other round's timer is stale and changes nothing. */
const timerFired = (
  state: OpeningRounds,
  round: number,
  candidates: ReadonlyArray<Candidate>,
  context: StepContext,
): StepResult => {
  const { phase } = state
  const { now } = context
  if ((phase.kind !== 'waiting' && phase.kind !== 'live') || phase.round !== round) return unchanged(state)
  if (phase.kind === 'waiting')
    return now >= phase.startsAt
      ? beginRound(state, round, now, candidates, context)
      : { state, effects: [roundStartTimer(state.openingId, round, phase.startsAt)] }
  if (now < phase.endsAt) return { state, effects: [roundEndTimer(state.openingId, round, phase.endsAt)] }
  return then(
    endOffers(state, (offer) => offer.round === round, 'EXPIRED'),
    (rest) => beginRound(rest, round + 1, now, candidates, context),
  )
}

/**
 * Whether `withoutAny`, the step of `event` run with no candidates, reached a
 * round start that found nobody: then it must be run again with them. Reading
 * and ranking candidates costs the most of a step, so callers (the worker,
 * the simulator) read them only then.
 */
export const wantsCandidates = (before: OpeningRounds, withoutAny: StepResult, event: RoundEvent): boolean =>
  withoutAny.state.status === 'OPEN' &&
  withoutAny.state.phase.kind === 'idle' &&
  (before.phase.kind !== 'idle' || event.type === 'candidates-appeared')

export const step = (
  state: OpeningRounds,
  event: RoundEvent,
  now: Instant,
  policy: OfferPolicy,
  zone: string,
): StepResult => {
  if (state.status !== 'OPEN') return unchanged(state)
  if (event.type === 'opening-withdrawn')
    return then(endOffers(state, anyOffer, 'WITHDRAWN'), (rest) => unchanged(close(rest, 'WITHDRAWN')))
  const limit = noticeLimit(policy, state.slotStart)
  if (now >= limit) return expireOpening(state)
  const context: StepContext = { now, policy, zone }
  switch (event.type) {
    case 'opened':
      if (state.phase.kind !== 'new') return unchanged(state)
      return then({ state, effects: [noticeTimer(state.openingId, limit)] }, (timed) =>
        beginRound(timed, 1, now + policy.offer_delay_seconds * 1000, event.candidates, context),
      )
    case 'timer-fired':
      return timerFired(state, event.round, event.candidates, context)
    case 'notice-limit-reached':
      return { state, effects: [noticeTimer(state.openingId, limit)] }
    case 'offer-accepted': {
      const offer = answerable(state, event.requestId, now)
      return offer === undefined ? unchanged(state) : accept(state, offer)
    }
    case 'offer-declined': {
      const offer = answerable(state, event.requestId, now)
      if (offer === undefined) return unchanged(state)
      return then(
        endOffers(state, (o) => o === offer, 'DECLINED'),
        (rest) => nextRoundIfAnswered(rest, event.candidates, context),
      )
    }
    case 'request-withdrawn':
      return then(
        endOffers(state, (offer) => offer.requestId === event.requestId, 'WITHDRAWN'),
        (rest) => (rest === state ? unchanged(state) : nextRoundIfAnswered(rest, event.candidates, context)),
      )
    case 'candidates-appeared':
      if (state.phase.kind !== 'idle') return unchanged(state)
      return beginRound(state, state.phase.round + 1, now, event.candidates, context)
  }
}
