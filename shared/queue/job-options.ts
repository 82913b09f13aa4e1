import type { JobsOptions, KeepJobs } from 'bullmq'

/**
 * Finished jobs are kept by age and by count, so Redis memory stays bounded however long a peak lasts. A day, as
 * long as an Idempotency-Key lives (shared/idempotency), and at most the newest 100,000 of each queue: a kept
 * create is about 3.2 KB (docs/benchmarks.md#redis-memory-at-sustained-load-issue-16), so 320 MB. Below about one
 * finished job a second the day ends them; above, the count: at one machine's peak (3,500 creates a second) the
 * newest 29 seconds, still three times the API's own wait for a result (JOB_WAIT_TIMEOUT_MS).
 *
 * Past it, nothing that was acknowledged is lost: a stored request is read from PostgreSQL, and a replayed
 * Idempotency-Key whose create is no longer kept runs it again, which answers the stored row (every create is
 * insert-or-return-existing) or judges it again. What is lost is the refusal or failure of a create answered 202,
 * which its Location then answers 404 (docs/api.md#get-apisv1waitlist-requestsid).
 */
const FINISHED_JOBS_KEPT: KeepJobs = { age: 24 * 60 * 60, count: 100_000 }

/** Failed jobs are what an operator looks into and retries from the dashboard: a week, and fewer of them. */
const FAILED_JOBS_KEPT: KeepJobs = { age: 7 * 24 * 60 * 60, count: 50_000 }

/**
 * Infrastructure faults (PostgreSQL down, a lost connection) are retried with backoff for about eight minutes
 * before a job is failed; finished jobs are kept as above so their results can still be read.
 */
export const waitlistJobOptions: JobsOptions = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: FINISHED_JOBS_KEPT,
  removeOnFail: FAILED_JOBS_KEPT,
}

/**
 * An import chunk's result is read by its importer within minutes; after an
 * hour a rerun is answered from the database instead (rows come back
 * `existing`). Keeping a chunk's data (up to a megabyte) a whole day would hold
 * a large import in a Redis that must never evict; and at most 500 chunks
 * (half a million rows), finished or failed, whatever the imports' pace.
 */
export const IMPORT_RESULT_RETENTION_SECONDS = 60 * 60
const IMPORT_CHUNKS_KEPT = 500

export const importJobOptions: JobsOptions = {
  ...waitlistJobOptions,
  removeOnComplete: { age: IMPORT_RESULT_RETENTION_SECONDS, count: IMPORT_CHUNKS_KEPT },
  removeOnFail: { ...FAILED_JOBS_KEPT, count: IMPORT_CHUNKS_KEPT },
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
