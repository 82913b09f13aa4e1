import type { Queue } from 'bullmq'
import type { Logger } from 'pino'
import type { Transaction } from 'sequelize'
import type { OutboxEvent } from '../../shared/events/outbox-event'
import type { Database } from '../db/connection'
import { enqueueDeliveries } from './enqueue-deliveries'
import { appendEvents, type NewOutboxEvent } from './outbox-repository'

/** Writes events with the change they describe, in its transaction, and answers them as stored. */
export type WriteEvents = (
  transaction: Transaction,
  events: ReadonlyArray<NewOutboxEvent>,
) => Promise<ReadonlyArray<OutboxEvent>>

/**
 * The outbox as a writer uses it (docs/webhooks.md, "For code that writes events"): the events appended in the
 * change's transaction, their deliveries enqueued on the events queue once it has committed. An enqueue that fails,
 * or never runs because the process stopped, is the outbox sweep's to make good, so it never fails the change.
 * Sequelize also runs after-commit hooks when the COMMIT itself failed: the jobs of events that were never stored
 * then answer `missing`, which changes nothing.
 */
export const outboxWriter =
  (db: Database, events: Queue, logger: Logger): WriteEvents =>
  async (transaction, news) => {
    const stored = await appendEvents(db, transaction, news)
    if (stored.length > 0)
      transaction.afterCommit(() =>
        enqueueDeliveries(
          events,
          stored.map((event) => event.id),
        ).catch((error: unknown) =>
          logger.warn({ err: error, events: stored.length }, 'event deliveries not enqueued: the outbox sweep will'),
        ),
      )
    return stored
  }
