import { Queue, type JobsOptions } from 'bullmq'
import type { RedisClient } from '../../scripts/redis-connection'

export interface RepeatableJob {
  readonly queueName: string
  readonly schedulerId: string
  readonly name: string
  readonly data: unknown
  readonly opts: JobsOptions
}

/**
 * Registers a repeatable job. Every worker does so on start; a scheduler is one record per id, so however many
 * workers run, one job is due per interval, and whichever worker takes it runs it. `everyMs` 0: this worker
 * registers nothing (another may).
 */
export const scheduleRepeatableJob = async (
  deps: { readonly connection: RedisClient; readonly prefix: string; readonly everyMs: number },
  job: RepeatableJob,
): Promise<void> => {
  if (deps.everyMs === 0) return
  // Its own connection: the worker's is busy with blocking reads.
  const connection = deps.connection.duplicate()
  const queue = new Queue(job.queueName, { connection, prefix: deps.prefix })
  try {
    await queue.upsertJobScheduler(
      job.schedulerId,
      { every: deps.everyMs },
      { name: job.name, data: job.data, opts: job.opts },
    )
  } finally {
    await queue.close()
    await connection.quit()
  }
}
