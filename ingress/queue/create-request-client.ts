import { Queue, QueueEvents, type ConnectionOptions } from 'bullmq'
import * as E from 'fp-ts/Either'
import { QUEUE_NAME } from '../../shared/queue/waitlist-queue'
import { waitlistJobOptions } from '../../shared/queue/job-options'
import {
  CREATE_JOB_NAME,
  CreateJobData,
  CreateJobResult,
  createJobId,
} from '../../shared/queue/create-waitlist-request-job'

export type SubmitOutcome =
  | { readonly kind: 'finished'; readonly result: CreateJobResult }
  /** Enqueued (so durable) but not finished within the wait: the caller answers 202. */
  | { readonly kind: 'pending' }

/** Redis could not take the job: nothing was acknowledged, the client may retry. */
export class QueueUnavailable extends Error {}

export interface CreateRequestClient {
  readonly submit: (data: CreateJobData) => Promise<SubmitOutcome>
  readonly close: () => Promise<void>
}

const decodeResult = (value: unknown): CreateJobResult => {
  const decoded = CreateJobResult.decode(value)
  if (E.isLeft(decoded)) throw new Error('create job returned a result outside its contract')
  return decoded.right
}

/**
 * Adds create jobs and waits for them through one `QueueEvents` per process:
 * BullMQ keys each waiter by job id and removes it when the job finishes or
 * the wait times out, so waiting never grows without bound.
 */
export const createRequestClient = (deps: {
  readonly queueConnection: ConnectionOptions
  readonly eventsConnection: ConnectionOptions
  readonly prefix: string
  readonly waitTimeoutMs: number
}): CreateRequestClient => {
  const queue = new Queue(QUEUE_NAME, { connection: deps.queueConnection, prefix: deps.prefix })
  const events = new QueueEvents(QUEUE_NAME, { connection: deps.eventsConnection, prefix: deps.prefix })
  // Every waiting request adds listeners for its own job id; the default cap of 10 is for leak detection, not for us.
  events.setMaxListeners(0)

  const submit = async (data: CreateJobData): Promise<SubmitOutcome> => {
    const job = await queue
      .add(CREATE_JOB_NAME, CreateJobData.encode(data), { ...waitlistJobOptions, jobId: createJobId(data.request_id) })
      .catch((error: unknown) => {
        throw new QueueUnavailable('could not enqueue the create job', { cause: error })
      })
    try {
      return { kind: 'finished', result: decodeResult(await job.waitUntilFinished(events, deps.waitTimeoutMs)) }
    } catch (waitError) {
      // The wait ended without a result: the job may have finished just before we listened, failed for good, or still be running.
      const state = await job.getState().catch(() => 'unknown')
      if (state === 'completed') {
        const finished = await queue.getJob(job.id ?? createJobId(data.request_id))
        if (finished?.returnvalue !== undefined) return { kind: 'finished', result: decodeResult(finished.returnvalue) }
      }
      if (state === 'failed') throw waitError
      return { kind: 'pending' }
    }
  }

  return {
    submit,
    close: async () => {
      await Promise.allSettled([events.close(), queue.close()])
    },
  }
}
