import * as E from 'fp-ts/Either'
import { decodeWithFieldErrors } from '../../shared/errors/field-error'
import type { EventId } from '../../shared/events/outbox-event'
import { SweepOutboxJobData, type SweepOutboxJobResult } from '../../shared/queue/deliver-event-job'

export interface SweepPorts {
  readonly findUnattempted: (olderThanMs: number) => Promise<EventId[]>
  readonly enqueue: (ids: ReadonlyArray<EventId>) => Promise<void>
}

/** One outbox sweep: a delivery job for each event whose writer never enqueued one (docs/webhooks.md#retries). */
export const processSweepOutboxJob =
  (ports: SweepPorts) =>
  async (data: unknown): Promise<SweepOutboxJobResult> => {
    const job = decodeWithFieldErrors(SweepOutboxJobData)(data)
    if (E.isLeft(job)) return { outcome: 'rejected', errors: job.left }
    const ids = await ports.findUnattempted(job.right.older_than_ms)
    await ports.enqueue(ids)
    return { outcome: 'swept', enqueued: ids.length }
  }
