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

/**
 * A webhook delivery that fails (an answer other than 2xx, no answer within WEBHOOK_TIMEOUT_MS, no connection) is
 * tried again after 1 s, then 2 s, 4 s, … doubling: 17 attempts in all over about 18 hours (65,535 s of waits, the
 * last near 9 hours), so a receiver down for a night still gets every event. After that the event stays undelivered
 * in the outbox with its last error (docs/webhooks.md#retries).
 */
export const deliveryJobOptions: JobsOptions = {
  ...waitlistJobOptions,
  attempts: 17,
  backoff: { type: 'exponential', delay: 1_000 },
}
