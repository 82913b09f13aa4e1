import type { RedisClient } from '../../scripts/redis-connection'
import { EVENTS_QUEUE_NAME } from '../../shared/queue/waitlist-queue'
import { waitlistJobOptions } from '../../shared/queue/job-options'
import {
  SWEEP_OUTBOX_JOB_NAME,
  SWEEP_OUTBOX_SCHEDULER_ID,
  SweepOutboxJobData,
} from '../../shared/queue/deliver-event-job'
import { scheduleRepeatableJob } from '../queue/schedule-repeatable-job'

/**
 * Registers the outbox sweep: every `everyMs`, a delivery for each event still unattempted that long after it was
 * written. The age is the interval, so a writer's own enqueue, a moment after its commit, is never raced.
 */
export const scheduleOutboxSweep = (deps: {
  readonly connection: RedisClient
  readonly prefix: string
  readonly everyMs: number
}): Promise<void> =>
  scheduleRepeatableJob(deps, {
    queueName: EVENTS_QUEUE_NAME,
    schedulerId: SWEEP_OUTBOX_SCHEDULER_ID,
    name: SWEEP_OUTBOX_JOB_NAME,
    data: SweepOutboxJobData.encode({ version: 1, older_than_ms: deps.everyMs }),
    opts: waitlistJobOptions,
  })
