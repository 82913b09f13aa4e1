import * as E from 'fp-ts/Either'
import { decodeWithFieldErrors } from '../../shared/errors/field-error'
import type { EventId, OutboxEvent } from '../../shared/events/outbox-event'
import { DeliverEventJobData, type DeliverEventJobResult } from '../../shared/queue/deliver-event-job'
import type { Webhook } from '../../shared/reference-data/webhook'
import type { StoredDelivery } from '../outbox/outbox-repository'
import type { PostOutcome } from '../outbox/post-webhook'

export interface DeliveryPorts {
  readonly findDelivery: (id: EventId) => Promise<StoredDelivery | undefined>
  readonly post: (webhook: Webhook, event: OutboxEvent) => Promise<PostOutcome>
  readonly markDelivered: (id: EventId) => Promise<void>
  readonly recordFailure: (id: EventId, error: string) => Promise<void>
  /** The stand-in for a webhook: one line per event, ids only. */
  readonly logEvent: (event: OutboxEvent) => void
}

/**
 * One attempt at one event. A failed attempt is recorded, then thrown, so BullMQ tries again with backoff; success
 * is recorded after the receiver's 2xx, so a crash between the two sends the event again: delivery is at least once,
 * and the event id is how receivers drop a repeat (docs/webhooks.md#at-least-once).
 */
export const processDeliverEventJob =
  (ports: DeliveryPorts) =>
  async (data: unknown): Promise<DeliverEventJobResult> => {
    const job = decodeWithFieldErrors(DeliverEventJobData)(data)
    if (E.isLeft(job)) return { outcome: 'rejected', errors: job.left }
    const id = job.right.event_id
    const stored = await ports.findDelivery(id)
    if (stored === undefined) return { outcome: 'missing' }
    if (stored.delivered) return { outcome: 'already-delivered' }
    if (stored.webhook === null) {
      ports.logEvent(stored.event)
      await ports.markDelivered(id)
      return { outcome: 'logged' }
    }
    const sent = await ports.post(stored.webhook, stored.event)
    if (!sent.ok) {
      await ports.recordFailure(id, sent.error)
      throw new Error(`webhook delivery failed: ${sent.error}`)
    }
    await ports.markDelivered(id)
    return { outcome: 'delivered' }
  }
