import type { JobsOptions } from 'bullmq'

export const FINISHED_JOB_RETENTION_SECONDS = 24 * 60 * 60
export const FAILED_JOB_RETENTION_SECONDS = 7 * 24 * 60 * 60

/**
 * Infrastructure faults (PostgreSQL down, a lost connection) are retried with
 * backoff for about eight minutes before a job is failed; finished jobs are
 * kept a day so their results can still be read.
 */
export const waitlistJobOptions: JobsOptions = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: { age: FINISHED_JOB_RETENTION_SECONDS },
  removeOnFail: { age: FAILED_JOB_RETENTION_SECONDS },
}
