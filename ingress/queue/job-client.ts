import { Job, Queue, QueueEvents, type ConnectionOptions } from 'bullmq'
import type { RedisClient } from '../../scripts/redis-connection'
import * as E from 'fp-ts/Either'
import type * as t from 'io-ts'
import { QUEUE_NAME } from '../../shared/queue/waitlist-queue'
import { waitlistJobOptions } from '../../shared/queue/job-options'
import { withCorrelation, type CorrelationId } from '../../shared/queue/job-correlation'
import { JobWaiter } from './job-waiter'
import { requireConnected, withinTime } from './within-time'

export type JobOutcome<R> =
  | { readonly kind: 'finished'; readonly result: R }
  /** Enqueued (so durable) but not finished within the wait: the caller answers 202. */
  | { readonly kind: 'pending' }

/** The job ended failed: every attempt spent on infrastructure faults, or a producer's mistake no retry mends. */
export class JobFailed extends Error {}

/** A job as it stands in Redis, read by id: its data, and its result once it completed. */
type StoredJob =
  | { readonly state: 'pending'; readonly data: unknown }
  | { readonly state: 'completed'; readonly data: unknown; readonly returnvalue: unknown }
  | { readonly state: 'failed'; readonly data: unknown }

export interface JobRequest<R> {
  readonly name: string
  readonly jobId: string
  readonly data: unknown
  readonly result: t.Decoder<unknown, R>
  /** The job may exist already (an idempotent retry): its ending may have come before this wait began. */
  readonly mayExist?: boolean
  /** The HTTP request's id, which the job's log lines then carry (its data's optional `correlation_id`). */
  readonly correlationId?: CorrelationId
}

export interface JobClient {
  readonly run: <R>(request: JobRequest<R>) => Promise<JobOutcome<R>>
  /** The job with this id as it stands, without waiting; undefined when there is none (never added, or no longer kept). */
  readonly read: (jobId: string) => Promise<StoredJob | undefined>
  /** Waits in progress and listeners on the queue events, for leak checks: both stay flat however many jobs ran. */
  readonly stats: () => { readonly waiting: number; readonly listeners: number }
  readonly close: () => Promise<void>
}

/**
 * Adds jobs and waits for their results, bounded both ways: Redis must take a
 * job within `enqueueTimeoutMs` (else RedisUnavailable, a 503) and the job must
 * end within `waitTimeoutMs` (else pending, a 202). One `QueueEvents` per
 * process serves every wait.
 */
export const createJobClient = (deps: {
  readonly queueConnection: RedisClient
  readonly eventsConnection: ConnectionOptions
  readonly prefix: string
  readonly waitTimeoutMs: number
  readonly enqueueTimeoutMs: number
}): JobClient => {
  const queue = new Queue(QUEUE_NAME, { connection: deps.queueConnection, prefix: deps.prefix })
  const events = new QueueEvents(QUEUE_NAME, { connection: deps.eventsConnection, prefix: deps.prefix })
  const waiter = new JobWaiter(events)

  const endingInRedis = async (jobId: string) => {
    // State first: a job read before it ended but judged after would be "completed" with no return value yet.
    const state = await queue.getJobState(jobId)
    if (state === 'failed') return waiter.settle(jobId, { state: 'failed' })
    if (state !== 'completed') return
    const job = await Job.fromId(queue, jobId)
    if (job !== undefined) waiter.settle(jobId, { state: 'completed', returnvalue: job.returnvalue })
  }

  const run = async <R>(request: JobRequest<R>): Promise<JobOutcome<R>> => {
    const wait = waiter.wait(request.jobId, deps.waitTimeoutMs)
    try {
      requireConnected(deps.queueConnection, `enqueue ${request.name}`)
      await withinTime(
        events.waitUntilReady().then(() =>
          queue.add(request.name, withCorrelation(request.data, request.correlationId), {
            ...waitlistJobOptions,
            jobId: request.jobId,
          }),
        ),
        deps.enqueueTimeoutMs,
        `enqueue ${request.name}`,
      )
    } catch (error) {
      wait.cancel()
      throw error
    }
    // A lookup that fails (Redis gone again) only means we learn the ending from the events, or not in time.
    if (request.mayExist === true) endingInRedis(request.jobId).catch(() => undefined)

    const ending = await wait.ending
    if (ending === undefined) return { kind: 'pending' }
    // Not the failure's reason: it can quote the database's text, and with it patient data.
    if (ending.state === 'failed') throw new JobFailed(`job ${request.jobId} failed`)
    const result = request.result.decode(ending.returnvalue)
    if (E.isLeft(result)) throw new Error(`job ${request.jobId} returned a result outside its contract`)
    return { kind: 'finished', result: result.right }
  }

  const read = async (jobId: string): Promise<StoredJob | undefined> => {
    requireConnected(deps.queueConnection, 'read job')
    return withinTime(
      (async () => {
        // State first, as in endingInRedis: a job seen completed is then read with its return value.
        const state = await queue.getJobState(jobId)
        if (state === 'unknown') return undefined
        const job = await Job.fromId<unknown, unknown>(queue, jobId)
        if (job === undefined) return undefined
        if (state === 'completed') return { state, data: job.data, returnvalue: job.returnvalue }
        if (state === 'failed') return { state, data: job.data }
        return { state: 'pending', data: job.data }
      })(),
      deps.enqueueTimeoutMs,
      'read job',
    )
  }

  return {
    run,
    read,
    stats: () => ({
      waiting: waiter.size,
      listeners: events.eventNames().reduce((sum, name) => sum + events.listenerCount(name), 0),
    }),
    close: async () => {
      // After Redis has restarted under it, QueueEvents.close() can wait forever on its blocking read (and so
      // can its disconnect); a shutdown must not, so it gets a moment and is then left behind.
      await Promise.allSettled([withinTime(events.close(), deps.enqueueTimeoutMs, 'close queue events'), queue.close()])
    },
  }
}
