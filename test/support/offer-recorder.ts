import { DEFAULT_OFFER_POLICY, type OfferPolicy } from '../../shared/reference-data/offer-policy'
import type { OfferEventRecord } from '../../shared/offers/offer-event-record'
import type { OfferPorts } from '../../worker/offers/offer-services'

interface OfferRecorder {
  readonly ports: OfferPorts
  /** Every event of a committed transaction, in order: what an outbox would hold. */
  readonly events: OfferEventRecord[]
  /** An organization's policy from now on: the defaults with these fields. */
  readonly setPolicy: (organizationId: string, policy: Partial<OfferPolicy>) => void
}

/**
 * The offer ports a test gives its worker: events kept once their transaction
 * commits (an outbox row is written with the change, so a rolled-back change
 * leaves none), and policies the test sets per organization. A policy may
 * hold what the reference data refuses (a hold of seconds), so rounds end
 * within a test's patience; the machine takes any whole seconds.
 */
export const recordOffers = (): OfferRecorder => {
  const events: OfferEventRecord[] = []
  const policies = new Map<string, OfferPolicy>()
  return {
    events,
    setPolicy: (organizationId, policy) => policies.set(organizationId, { ...DEFAULT_OFFER_POLICY, ...policy }),
    ports: {
      emit: async (transaction, records) => {
        transaction.afterCommit(() => {
          events.push(...records)
        })
      },
      policyFor: async (organizationId) => policies.get(organizationId) ?? DEFAULT_OFFER_POLICY,
    },
  }
}
