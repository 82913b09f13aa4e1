import type { JobsOptions } from 'bullmq'

const FINISHED_JOB_RETENTION_SECONDS = 24 * 60 * 60
const FAILED_JOB_RETENTION_SECONDS = 7 * 24 * 60 * 60

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

/**
 * An import chunk's result is read by its importer within minutes; after an
 * hour a rerun is answered from the database instead (rows come back
 * `existing`). Keeping a chunk's data (up to a megabyte) a whole day would hold
 * a large import in a Redis that must never evict.
 */
export const IMPORT_RESULT_RETENTION_SECONDS = 60 * 60

export const importJobOptions: JobsOptions = {
  ...waitlistJobOptions,
  removeOnComplete: { age: IMPORT_RESULT_RETENTION_SECONDS },
}
