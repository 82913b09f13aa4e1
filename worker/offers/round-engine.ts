import { randomUUID } from 'node:crypto'
import type { Transaction } from 'sequelize'
import type { Candidate as RankedCandidate } from '../../shared/openings/rank'
import { atClinic } from '../../shared/openings/opening-access'
import type { OfferDomainEvent } from '../../shared/offers/offer-events'
import type { OfferPolicy } from '../../shared/reference-data/offer-policy'
import type { Candidate, OpeningRounds, RoundEvent, ScheduleTimer, StepResult } from '../../shared/offers/round-state'
import { step, wantsCandidates } from '../../shared/offers/round-step'
import { timersFor } from '../../shared/offers/round-timers'
import type { Database } from '../db/connection'
import type { WriteEvents } from '../outbox/outbox-writer'
import { toOutboxEvents } from './event-records'
import type { LockedOpening, OfferRow } from './locked-opening'
import { findPatientFacts, type PatientFacts } from './patient-offers'
import { endOffers, insertOffers, writeOpeningRounds, type BookingWrite } from './offer-writes'

/** An organization's offer policy (`waitlist.offers`), read in the transaction that uses it. */
export type PolicyFor = (organizationId: string, transaction: Transaction) => Promise<OfferPolicy>

/** An opening's ranked candidates, read in the transaction that offers it to them. */
type RankCandidates = (
  opening: LockedOpening,
  now: Date,
  transaction: Transaction,
) => Promise<ReadonlyArray<RankedCandidate>>

export interface RoundDeps {
  readonly db: Database
  readonly policyFor: PolicyFor
  readonly rankCandidates: RankCandidates
  /** Where events go: the outbox, in the transaction of the change they describe (docs/webhooks.md). */
  readonly emit: WriteEvents
  /** The link of an offer's page, which `offer.created` carries (shared/offers/offer-link.ts). */
  readonly offerLink: (offerId: string) => string
  /** Looks for candidates again at an opening, in a transaction of its own (a `candidates-appeared` job). */
  readonly recheck: (openingId: string) => Promise<void>
}

/** One transaction of round work: its clock and the timers to add once it has committed. */
export interface RoundScope {
  readonly transaction: Transaction
  /** The database's clock, read once the locks were held: every rule of the transaction is judged at it. */
  readonly now: Date
  readonly timers: ScheduleTimer[]
}

/** Builds the event once the candidates are known; events that start no round ignore them. */
export type MakeEvent = (candidates: ReadonlyArray<Candidate>) => RoundEvent

const createdBatch = (result: StepResult) => {
  for (const effect of result.effects) if (effect.type === 'create-offers') return effect
  return undefined
}

/**
 * Whether the step left the opening OPEN with nobody to offer, having had a round or being new. A request written
 * meanwhile was not among the candidates this transaction read, and its writer's look for idle openings
 * (nudge-openings.ts) ran before this commit, saw the opening busy, and passed it by: so the opening is looked at
 * again once this commits. A look that finds nobody leaves it idle as it was, and looks no further.
 */
const endedIdle = (before: OpeningRounds, after: OpeningRounds): boolean =>
  after.status === 'OPEN' && after.phase.kind === 'idle' && before.phase.kind !== 'idle'

/**
 * Steps with the ranked candidates and stores the offers of the round it
 * starts. A candidate whose offer may not be made after all (see
 * `insertOffers`) is dropped and the step run again: the next in rank takes
 * the place, and the offers stored so far stay in the batch, as dropping a
 * candidate never changes who came before it. Facts are read a few batches
 * at a time, further down the ranking only when a batch is not yet full.
 */
const startWithCandidates = async (
  deps: RoundDeps,
  scope: RoundScope,
  opening: LockedOpening,
  makeEvent: MakeEvent,
  policy: OfferPolicy,
  stored: Map<string, OfferRow>,
): Promise<StepResult> => {
  const { transaction, now } = scope
  const ranked = await deps.rankCandidates(opening, now, transaction)
  const facts = new Map<string, PatientFacts>()
  const refused = new Set<string>()
  const places = new Map<string, Pick<RankedCandidate, 'rank' | 'reasons'>>(
    ranked.map((c) => [c.request_id, { rank: c.rank, reasons: c.reasons }]),
  )
  const placeOf = (requestId: string) => {
    const place = places.get(requestId)
    if (place === undefined) throw new Error(`the machine offered ${requestId}, which is not a candidate`)
    return place
  }
  let limit = opening.offers.length + policy.batch_size * 4
  for (;;) {
    const pool = ranked.filter((candidate) => !refused.has(candidate.request_id))
    const window = pool.slice(0, limit)
    const unknown = [...new Set(window.map((c) => c.patient_id).filter((id) => !facts.has(id)))]
    const found = await findPatientFacts(deps.db, transaction, {
      patientIds: unknown,
      openingId: opening.stored.opening.id,
      now,
    })
    for (const id of unknown) facts.set(id, found(id))
    // Every patient of the window is known by now; `found` only stands in for the type's sake.
    const candidates = window.map((c) => ({
      requestId: c.request_id,
      patientId: c.patient_id,
      ...(facts.get(c.patient_id) ?? found(c.patient_id)),
    }))
    const result = step(opening.rounds, makeEvent(candidates), now.getTime(), policy, opening.stored.timezone)
    const batch = createdBatch(result)
    if ((batch?.offers.length ?? 0) < policy.batch_size && window.length < pool.length) {
      limit *= 4
      continue
    }
    if (batch === undefined) return result
    const written = await insertOffers(
      deps.db,
      transaction,
      atClinic(opening.stored),
      batch.offers
        .filter((offer) => !stored.has(offer.requestId))
        .map((offer) => ({
          ...placeOf(offer.requestId),
          id: randomUUID(),
          opening_id: opening.stored.opening.id,
          request_id: offer.requestId,
          patient_id: offer.patientId,
          organization_id: opening.stored.organization_id,
          status: 'PENDING' as const,
          round: batch.round,
          expires_at: new Date(batch.expiresAt),
          created_at: now,
        })),
    )
    for (const row of written.inserted) stored.set(row.request_id, row)
    if (written.refused.size === 0) {
      if (stored.size !== batch.offers.length)
        throw new Error('stored offers differ from the round the machine started')
      return result
    }
    for (const id of written.refused) refused.add(id)
  }
}

/**
 * One event for one opening locked by `scope`'s transaction: the machine
 * steps from the stored state (candidates are read only when it is about to
 * start a round), and everything it says is carried out in that transaction:
 * offers stored and ended, the opening closed (a FILLED one with `booking`),
 * its rounds written, the events emitted. Its timers are added after commit.
 */
export const applyRoundEvent = async (
  deps: RoundDeps,
  scope: RoundScope,
  opening: LockedOpening,
  makeEvent: MakeEvent,
  booking?: BookingWrite,
): Promise<OpeningRounds> => {
  const { transaction, now } = scope
  const policy = await deps.policyFor(opening.stored.organization_id, transaction)
  const before = opening.rounds
  const bare = makeEvent([])
  const withoutAny = step(before, bare, now.getTime(), policy, opening.stored.timezone)
  const offers = new Map(opening.offers.map((row) => [row.request_id, row]))
  const created = new Map<string, OfferRow>()
  const result = wantsCandidates(before, withoutAny, bare)
    ? await startWithCandidates(deps, scope, opening, makeEvent, policy, created)
    : withoutAny
  for (const [id, row] of created) offers.set(id, row)

  const events: OfferDomainEvent[] = []
  let closeAs: 'FILLED' | 'EXPIRED' | undefined
  for (const effect of result.effects) {
    switch (effect.type) {
      case 'expire-offers':
      case 'withdraw-offers': {
        const ended = await endOffers(deps.db, transaction, {
          openingId: before.openingId,
          requestIds: effect.requestIds,
          status: effect.type === 'expire-offers' ? 'EXPIRED' : 'WITHDRAWN',
          at: now,
        })
        for (const row of ended) offers.set(row.request_id, row)
        break
      }
      case 'fill-opening':
        if (booking?.requestId !== effect.requestId) throw new Error('an opening filled without its booking')
        closeAs = 'FILLED'
        break
      case 'expire-opening':
        closeAs = 'EXPIRED'
        break
      case 'emit':
        events.push(effect.event)
        break
      // Stored already, or added from the state after commit (timersFor).
      case 'create-offers':
      case 'schedule-timer':
        break
    }
  }
  if (result.state !== before) {
    await writeOpeningRounds(deps.db, transaction, {
      openingId: before.openingId,
      phase: result.state.phase,
      closeAs,
      booking: closeAs === 'FILLED' ? booking : undefined,
      at: now,
    })
  }
  if (events.length > 0) {
    const offerOf = (requestId: string) => {
      const row = offers.get(requestId)
      if (row === undefined) throw new Error(`no offer of request ${requestId} at opening ${before.openingId}`)
      return row
    }
    const facts = { stored: opening.stored, offerOf, linkOf: deps.offerLink, bookedCategoryId: booking?.categoryId }
    await deps.emit(transaction, toOutboxEvents(facts, events))
  }
  if (endedIdle(before, result.state)) transaction.afterCommit(() => deps.recheck(before.openingId))
  scope.timers.push(...timersFor(result.state, policy))
  return result.state
}

/**
 * The timers of an opening an event left as it was (a job run again after
 * its write committed): added again, in case the run that wrote it died
 * before adding them.
 */
export const keepTimers = async (deps: RoundDeps, scope: RoundScope, opening: LockedOpening): Promise<void> => {
  const policy = await deps.policyFor(opening.stored.organization_id, scope.transaction)
  scope.timers.push(...timersFor(opening.rounds, policy))
}
