import type { RedisClient } from '../../scripts/redis-connection'
import { QUEUE_NAME } from '../../shared/queue/waitlist-queue'
import { waitlistJobOptions } from '../../shared/queue/job-options'
import { EXPIRE_JOB_NAME, EXPIRE_SCHEDULER_ID, ExpireJobData } from '../../shared/queue/expire-waitlist-requests-job'
import { scheduleRepeatableJob } from '../queue/schedule-repeatable-job'

/** Registers the repeatable expiry sweep, one due per interval however many workers register it. */
export const scheduleExpirySweep = (deps: {
  readonly connection: RedisClient
  readonly prefix: string
  readonly everyMs: number
}): Promise<void> =>
  scheduleRepeatableJob(deps, {
    queueName: QUEUE_NAME,
    schedulerId: EXPIRE_SCHEDULER_ID,
    name: EXPIRE_JOB_NAME,
    data: ExpireJobData.encode({ version: 1 }),
    opts: waitlistJobOptions,
  })
