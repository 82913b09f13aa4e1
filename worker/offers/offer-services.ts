import type { Queue } from 'bullmq'
import type { Logger } from 'pino'
import type { Config } from '../../shared/config/config'
import { OfferId } from '../../shared/offers/offer-id'
import { offerLink } from '../../shared/offers/offer-link'
import { atClinic } from '../../shared/openings/opening-access'
import type { Database } from '../db/connection'
import { findRankedCandidates } from '../openings/find-candidates'
import { outboxWriter, type WriteEvents } from '../outbox/outbox-writer'
import { acceptOffer, declineOffer } from './answer-offer'
import { addCandidatesAppeared, nudgeOpenings } from './nudge-openings'
import { createOfferRounds } from './offer-rounds'
import { findRecentEndedOffers } from './patient-offers'
import type { PolicyFor, RoundDeps } from './round-engine'
import { storedOfferPolicy } from './stored-policy'
import { timerJobs } from './timer-jobs'

/** What the offers need from outside the worker: where their events go, each organization's policy, the links. */
export interface OfferPorts {
  readonly emit: WriteEvents
  readonly policyFor: PolicyFor
  readonly offerLink: (offerId: string) => string
}

/**
 * What a test may change of a worker's offers: policies the reference data would refuse (holds of seconds), and a
 * look at the events as the outbox stores them (`emit` is given the outbox's own writer to wrap).
 */
export interface OfferOverrides {
  readonly policyFor?: PolicyFor
  readonly emit?: (outbox: WriteEvents) => WriteEvents
}

/**
 * A worker process's offer ports: every event written to the outbox with its change and delivered from there
 * (docs/webhooks.md), each organization's stored policy, and links made with the deployment's address and secret.
 */
export const offerPorts = (input: {
  readonly db: Database
  readonly events: Queue
  readonly logger: Logger
  readonly config: Pick<Config, 'PUBLIC_BASE_URL' | 'OFFER_LINK_SECRET'>
  readonly overrides?: OfferOverrides
}): OfferPorts => {
  const { db, config, overrides } = input
  const outbox = outboxWriter(db, input.events, input.logger)
  return {
    emit: overrides?.emit?.(outbox) ?? outbox,
    policyFor: overrides?.policyFor ?? storedOfferPolicy(db),
    offerLink: (offerId) => {
      if (!OfferId.is(offerId)) throw new Error('an offer id is not a UUID')
      return offerLink(config.PUBLIC_BASE_URL, config.OFFER_LINK_SECRET, offerId)
    },
  }
}

/**
 * The offer side of a worker: the rounds, the answers, and the look for
 * openings that new requests fit. Timers and nudges are jobs on `producer`.
 */
export const createOfferServices = (input: {
  readonly db: Database
  readonly producer: Queue
  readonly logger: Logger
  readonly ports: OfferPorts
}) => {
  const { db, producer, logger } = input
  const deps: RoundDeps = {
    db,
    ...input.ports,
    // Runs after the round's commit; a failure is logged, never the round's: like the nudges it backs up, a hint.
    recheck: (openingId) =>
      addCandidatesAppeared(producer, openingId).then(
        () => undefined,
        (error: unknown) => logger.warn({ err: error, opening_id: openingId }, 'could not look again for candidates'),
      ),
    // In the round's own transaction: it holds a connection, and a second one for the candidates could wait forever.
    rankCandidates: (opening, now, transaction) =>
      findRankedCandidates(db, findRecentEndedOffers(db, transaction))(atClinic(opening.stored), now, transaction),
  }
  const rounds = createOfferRounds({ ...deps, timers: timerJobs(producer) })
  return {
    rounds,
    accept: acceptOffer(deps, rounds),
    decline: declineOffer(deps, rounds),
    nudge: nudgeOpenings(db, producer, logger),
  }
}
