import type { Queue } from 'bullmq'
import type { EventId } from '../../shared/events/outbox-event'
import { DELIVER_EVENT_JOB_NAME, DeliverEventJobData } from '../../shared/queue/deliver-event-job'
import { deliveryJobOptions } from '../../shared/queue/job-options'

/**
 * One delivery job per event, on the events queue, once the transaction that wrote the events has committed
 * (before, a job could run while the row is not visible yet). The job's id is the event's: an event enqueued again
 * (by the sweep, by a writer run twice) while its job exists, finished or not, gets no second job. Should this
 * fail, or the process stop first, the outbox sweep enqueues them later.
 */
export const enqueueDeliveries = async (queue: Queue, ids: ReadonlyArray<EventId>): Promise<void> => {
  if (ids.length === 0) return
  await queue.addBulk(
    ids.map((id) => ({
      name: DELIVER_EVENT_JOB_NAME,
      data: DeliverEventJobData.encode({ version: 1, event_id: id }),
      opts: { ...deliveryJobOptions, jobId: id },
    })),
  )
}
