import type { OutboxEvent } from '../../shared/events/outbox-event'
import { DEFAULT_OFFER_POLICY, type OfferPolicy } from '../../shared/reference-data/offer-policy'
import type { OfferOverrides } from '../../worker/offers/offer-services'

interface OfferRecorder {
  readonly ports: OfferOverrides
  /** Every event the outbox stored, in order, once its transaction committed (a rolled-back change leaves none). */
  readonly events: OutboxEvent[]
  /** The events of one opening, in order. */
  readonly eventsOf: (openingId: string) => OutboxEvent[]
  /** An organization's policy from now on: the defaults with these fields. */
  readonly setPolicy: (organizationId: string, policy: Partial<OfferPolicy>) => void
}

/**
 * What a test gives its worker's offers: the real outbox, watched (each event as it was stored, kept once its
 * transaction commits), and policies the test sets per organization. A policy may hold what the reference data
 * refuses (a hold of seconds), so rounds end within a test's patience; the machine takes any whole seconds.
 */
export const recordOffers = (): OfferRecorder => {
  const events: OutboxEvent[] = []
  const policies = new Map<string, OfferPolicy>()
  return {
    events,
    eventsOf: (openingId) => events.filter((event) => event.data.opening_id === openingId),
    setPolicy: (organizationId, policy) => policies.set(organizationId, { ...DEFAULT_OFFER_POLICY, ...policy }),
    ports: {
      emit: (outbox) => async (transaction, news) => {
        const stored = await outbox(transaction, news)
        transaction.afterCommit(() => {
          events.push(...stored)
        })
        return stored
      },
      policyFor: async (organizationId) => policies.get(organizationId) ?? DEFAULT_OFFER_POLICY,
    },
  }
}
