import type { Job, Worker } from 'bullmq'
import type { Logger } from 'pino'
import { correlationOf } from '../shared/queue/job-correlation'

/**
 * What every log line about a job carries: its id, and the id of the HTTP request that added it when its data has
 * one (`correlation_id`, docs/queue-contract.md), under the name the API's lines give it.
 */
export const jobLogFields = (job: Pick<Job, 'id' | 'data'> | undefined): Record<string, string> => {
  const requestId = correlationOf(job?.data)
  return {
    ...(job?.id === undefined ? {} : { jobId: job.id }),
    ...(requestId === undefined ? {} : { requestId }),
  }
}

/** A job's outcome word (`created`, `rejected`, …) when its result has one; results are otherwise not logged. */
const outcomeOf = (result: unknown): string | undefined => {
  const outcome = (result as { outcome?: unknown } | null)?.outcome
  return typeof outcome === 'string' ? outcome : undefined
}

/**
 * One line per job that ends (its name, outcome and time in the worker), and one per failed attempt: with the API's
 * access line of the same request id, a request can be followed through the queue.
 */
export const logJobs = <R, N extends string>(worker: Worker<unknown, R, N>, logger: Logger, what: string) => {
  worker.on('completed', (job, result) => {
    const ms = job.finishedOn !== undefined && job.processedOn !== undefined ? job.finishedOn - job.processedOn : null
    logger.info({ ...jobLogFields(job), jobName: job.name, outcome: outcomeOf(result), ms }, `${what} done`)
  })
  worker.on('failed', (job, error) => {
    logger.error({ ...jobLogFields(job), attemptsMade: job?.attemptsMade, err: error }, `${what} attempt failed`)
  })
  worker.on('error', (error) => logger.error({ err: error }, `${what} worker error`))
}
