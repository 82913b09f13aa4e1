import type { Queue } from 'bullmq'
import type { Logger } from 'pino'
import { atClinic } from '../../shared/openings/opening-access'
import type { Database } from '../db/connection'
import { findRankedCandidates } from '../openings/find-candidates'
import { acceptOffer, declineOffer } from './answer-offer'
import { nudgeOpenings } from './nudge-openings'
import { createOfferRounds } from './offer-rounds'
import { findRecentEndedOffers } from './patient-offers'
import type { EmitOfferEvents, PolicyFor, RoundDeps } from './round-engine'
import { storedOfferPolicy } from './stored-policy'
import { timerJobs } from './timer-jobs'

/**
 * What the offers need from outside the worker: where their events go, and each organization's policy (read from
 * the reference data when not given; tests give short holds the reference data would refuse).
 */
export interface OfferPorts {
  readonly emit: EmitOfferEvents
  readonly policyFor?: PolicyFor
}

/**
 * The ports a worker process is started with: each event a log line by its ids (as organizations without a
 * webhook get them, until the rounds write to the outbox), and each organization's stored policy.
 */
export const loggedOfferPorts = (logger: Logger): OfferPorts => ({
  emit: (_transaction, events) => {
    // Ids only: no patient id, no names, as for organizations without a webhook (docs/webhooks.md).
    for (const event of events)
      logger.info(
        {
          type: event.type,
          organization_id: event.organization_id,
          opening_id: event.opening_id,
          offer_id: 'offer_id' in event ? event.offer_id : undefined,
        },
        'offer event',
      )
    return Promise.resolve()
  },
})

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
  const { db, producer } = input
  const deps: RoundDeps = {
    db,
    policyFor: input.ports.policyFor ?? storedOfferPolicy(db),
    emit: input.ports.emit,
    // In the round's own transaction: it holds a connection, and a second one for the candidates could wait forever.
    rankCandidates: (opening, now, transaction) =>
      findRankedCandidates(db, findRecentEndedOffers(db, transaction))(atClinic(opening.stored), now, transaction),
  }
  const rounds = createOfferRounds({ ...deps, timers: timerJobs(producer) })
  return {
    rounds,
    accept: acceptOffer(deps, rounds),
    decline: declineOffer(deps, rounds),
    nudge: nudgeOpenings(db, producer, input.logger),
  }
}
