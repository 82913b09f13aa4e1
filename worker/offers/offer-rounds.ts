import type { Transaction } from 'sequelize'
import type { OpeningRounds, RoundPhase, Timer } from '../../shared/offers/round-state'
import type { RoundJobResult } from '../../shared/queue/offer-round-jobs'
import type { RequestTransaction } from '../waitlist-requests/update-waitlist-request'
import { lockOpening, type LockedOpening } from './locked-opening'
import { applyRoundEvent, type MakeEvent, type RoundDeps, type RoundScope } from './round-engine'
import { clock, withOpening, withRequest, type AddTimers } from './round-transactions'
import type { RunningTimer } from './timer-jobs'

interface OfferRoundsDeps extends RoundDeps {
  /** Adds a transaction's timers after commit; `running` is the timer job being run, if one is. */
  readonly timers: (running?: RunningTimer) => AddTimers
}

const roundOf = (phase: RoundPhase): number => (phase.kind === 'new' ? 0 : phase.round)

const applied = (state: OpeningRounds | undefined): RoundJobResult =>
  state === undefined
    ? { outcome: 'rejected', errors: [{ field: 'opening_id', message: 'opening not found' }] }
    : { outcome: 'applied', opening_status: state.status, phase: state.phase.kind, round: roundOf(state.phase) }

/**
 * The request's PENDING offers, at the openings `openings` holds, withdrawn
 * through each opening's machine: the request was changed, cancelled or
 * fulfilled, and a round left with no offer waiting moves on at once.
 */
export const withdrawRequestOffers = async (
  deps: RoundDeps,
  scope: RoundScope,
  openings: Iterable<LockedOpening>,
  requestId: string,
): Promise<void> => {
  for (const opening of openings) {
    if (!opening.offers.some((offer) => offer.request_id === requestId && offer.status === 'PENDING')) continue
    await applyRoundEvent(deps, scope, opening, (candidates) => ({ type: 'request-withdrawn', requestId, candidates }))
  }
}

/**
 * The offer rounds as the worker runs them (docs/offer-policy.md): each event
 * is one transaction holding the opening, and what the machine says is
 * carried out in it.
 */
export const createOfferRounds = (deps: OfferRoundsDeps) => {
  const { db } = deps
  const addTimers = deps.timers()
  const apply = (openingId: string, makeEvent: MakeEvent, running?: RunningTimer) =>
    withOpening(db, running === undefined ? addTimers : deps.timers(running), openingId, (scope, opening) =>
      applyRoundEvent(deps, scope, opening, makeEvent),
    )

  /** The transaction of every write to a request: its offers' openings, then the request, locked. */
  const requestTransaction: RequestTransaction = (requestId, body) =>
    withRequest(db, addTimers, { requestId, alsoOpenings: [] }, (scope, openings) =>
      body(scope.transaction, () => withdrawRequestOffers(deps, scope, openings.values(), requestId)),
    )

  return {
    /** The opening was stored: its first round, after the offer delay. */
    opened: async (openingId: string): Promise<void> => {
      await apply(openingId, (candidates) => ({ type: 'opened', candidates }))
    },
    /** A timer job ran (`offer-round`); one for a round already over changes nothing. */
    timerFired: async (openingId: string, timer: Timer, running: RunningTimer): Promise<RoundJobResult> =>
      applied(
        await apply(
          openingId,
          timer.kind === 'round'
            ? (candidates) => ({ type: 'timer-fired', round: timer.round, candidates })
            : () => ({ type: 'notice-limit-reached' }),
          running,
        ),
      ),
    /** A request that fits was written (`candidates-appeared`); only an opening without a round starts one. */
    candidatesAppeared: async (openingId: string): Promise<RoundJobResult> =>
      applied(await apply(openingId, (candidates) => ({ type: 'candidates-appeared', candidates }))),
    /** Staff withdrew the opening, in their transaction: its PENDING offers are withdrawn with it. */
    openingWithdrawn: async (transaction: Transaction, openingId: string): Promise<void> => {
      const opening = await lockOpening(db, transaction, openingId)
      if (opening === undefined) return
      // A withdrawn opening waits on no timer, so there are none to add.
      const scope = { transaction, now: await clock(db, transaction), timers: [] }
      await applyRoundEvent(deps, scope, opening, () => ({ type: 'opening-withdrawn' }))
    },
    requestTransaction,
    /** For the answers (answer-offer.ts): a transaction holding the request and the offer's opening. */
    withRequest: <A>(
      requestId: string,
      openingId: string,
      work: (scope: RoundScope, openings: ReadonlyMap<string, LockedOpening>) => Promise<A>,
    ) => withRequest(db, addTimers, { requestId, alsoOpenings: [openingId] }, work),
    withOpening: <A>(openingId: string, work: (scope: RoundScope, opening: LockedOpening) => Promise<A>) =>
      withOpening(db, addTimers, openingId, work),
  }
}
export type OfferRounds = ReturnType<typeof createOfferRounds>
