import { Worker } from 'bullmq'
import type * as t from 'io-ts'
import type { OutboxEvent } from '../shared/events/outbox-event'
import {
  DELIVER_EVENT_JOB_NAME,
  DeliverEventJobResult,
  SWEEP_OUTBOX_JOB_NAME,
  SweepOutboxJobResult,
} from '../shared/queue/deliver-event-job'
import { EVENTS_QUEUE_NAME } from '../shared/queue/waitlist-queue'
import { dispatchByName, workerOptions, type WorkerSettings } from './create-worker'
import { jobLogFields, logJobs } from './job-log'
import { enqueueDeliveries } from './outbox/enqueue-deliveries'
import { findDelivery, findUnattempted, markDelivered, recordFailure } from './outbox/outbox-repository'
import { postWebhook } from './outbox/post-webhook'
import { processDeliverEventJob } from './processors/deliver-event'
import { processSweepOutboxJob } from './processors/sweep-outbox'

type EventJobName = typeof DELIVER_EVENT_JOB_NAME | typeof SWEEP_OUTBOX_JOB_NAME
type EventJobResult = t.OutputOf<typeof DeliverEventJobResult> | t.OutputOf<typeof SweepOutboxJobResult>

/** What the log says of an event: ids only, never a patient's (docs/webhooks.md#without-a-webhook). */
const logFields = (event: OutboxEvent) => ({
  event_id: event.id,
  type: event.type,
  organization_id: event.organization_id,
  opening_id: event.data.opening_id,
  ...('offer_id' in event.data ? { offer_id: event.data.offer_id } : {}),
})

/**
 * The events queue's worker, in every worker process: it delivers outbox events to organizations' webhooks and
 * runs the outbox sweep (docs/webhooks.md). Its concurrency is its own, as a receiver may take its whole timeout.
 */
export const createEventWorker = (
  settings: WorkerSettings & { readonly webhookTimeoutMs: number },
): Worker<unknown, EventJobResult, EventJobName> => {
  const { db, logger } = settings
  const deliver = processDeliverEventJob({
    findDelivery: (id) => findDelivery(db, id),
    post: (webhook, event) => postWebhook(webhook, event, settings.webhookTimeoutMs),
    markDelivered: (id) => markDelivered(db, id),
    recordFailure: (id, error) => recordFailure(db, id, error),
    logEvent: (event) => logger.info(logFields(event), 'event logged: its organization has no webhook'),
  })
  const sweep = processSweepOutboxJob({
    findUnattempted: (olderThanMs) => findUnattempted(db, olderThanMs),
    enqueue: (ids) => enqueueDeliveries(settings.events, ids),
  })
  const worker = new Worker<unknown, EventJobResult, EventJobName>(
    EVENTS_QUEUE_NAME,
    dispatchByName<EventJobResult, EventJobName>({
      [DELIVER_EVENT_JOB_NAME]: async (job) => {
        const result = await deliver(job.data)
        if (result.outcome === 'rejected' || result.outcome === 'missing')
          logger.warn({ ...jobLogFields(job), outcome: result.outcome }, 'event delivery not attempted')
        return DeliverEventJobResult.encode(result)
      },
      [SWEEP_OUTBOX_JOB_NAME]: async (job) => {
        const result = await sweep(job.data)
        if (result.outcome === 'swept' && result.enqueued > 0)
          logger.info({ enqueued: result.enqueued }, 'outbox sweep enqueued unattempted events')
        return SweepOutboxJobResult.encode(result)
      },
    }),
    workerOptions(settings),
  )
  logJobs(worker, logger, 'event delivery')
  return worker
}
