import { Queue } from 'bullmq'
import type { Redis } from 'ioredis'
import { QUEUE_NAME } from '../../shared/queue/waitlist-queue'
import { waitlistJobOptions } from '../../shared/queue/job-options'
import { EXPIRE_JOB_NAME, EXPIRE_SCHEDULER_ID, ExpireJobData } from '../../shared/queue/expire-waitlist-requests-job'

/**
 * Registers the repeatable expiry sweep. Every worker does so on start; a
 * scheduler is one record per id, so however many workers run, one sweep job
 * is due per interval, and whichever worker takes it runs it.
 */
export const scheduleExpirySweep = async (deps: {
  readonly connection: Redis
  readonly prefix: string
  readonly everyMs: number
}): Promise<void> => {
  if (deps.everyMs === 0) return
  // Its own connection: the worker's is busy with blocking reads.
  const connection = deps.connection.duplicate()
  const queue = new Queue(QUEUE_NAME, { connection, prefix: deps.prefix })
  try {
    await queue.upsertJobScheduler(
      EXPIRE_SCHEDULER_ID,
      { every: deps.everyMs },
      { name: EXPIRE_JOB_NAME, data: ExpireJobData.encode({ version: 1 }), opts: waitlistJobOptions },
    )
  } finally {
    await queue.close()
    await connection.quit()
  }
}
