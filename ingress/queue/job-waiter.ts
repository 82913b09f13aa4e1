import type { QueueEvents } from 'bullmq'

/**
 * How a job ended. A failure's reason is not kept: it is the worker's error message, PostgreSQL's words perhaps,
 * quoting a patient's data; the worker has logged what is safe of it under the job's id.
 */
export type JobEnding = { readonly state: 'completed'; readonly returnvalue: unknown } | { readonly state: 'failed' }

export interface PendingWait {
  /** How the job ended, or undefined when the wait ran out first (the job itself goes on). */
  readonly ending: Promise<JobEnding | undefined>
  readonly cancel: () => void
}

/**
 * Waits for jobs by id through the process's one `QueueEvents`: two listeners
 * in all and a map from job id to waiters that shrinks as jobs end or waits
 * run out, so thousands of requests in flight add no listeners.
 */
export class JobWaiter {
  private readonly waiters = new Map<string, Set<(ending: JobEnding | undefined) => void>>()

  constructor(events: QueueEvents) {
    events.on('completed', ({ jobId, returnvalue }) => this.settle(jobId, { state: 'completed', returnvalue }))
    events.on('failed', ({ jobId }) => this.settle(jobId, { state: 'failed' }))
  }

  /** Waits in progress; zero when idle, whatever came before. */
  get size(): number {
    return this.waiters.size
  }

  /** Start waiting before the job is added, so an ending cannot slip past between the two. */
  wait(jobId: string, timeoutMs: number): PendingWait {
    let finish: (ending: JobEnding | undefined) => void = () => undefined
    const ending = new Promise<JobEnding | undefined>((resolve) => {
      const timer = setTimeout(() => finish(undefined), timeoutMs)
      finish = (value) => {
        clearTimeout(timer)
        this.remove(jobId, finish)
        resolve(value)
      }
      const forJob = this.waiters.get(jobId) ?? new Set()
      forJob.add(finish)
      this.waiters.set(jobId, forJob)
    })
    return { ending, cancel: () => finish(undefined) }
  }

  /** Ends every wait on `jobId` at once, e.g. with a state read from Redis for a job that ended before anyone listened. */
  settle(jobId: string, ending: JobEnding): void {
    for (const finish of [...(this.waiters.get(jobId) ?? [])]) finish(ending)
  }

  private remove(jobId: string, finish: (ending: JobEnding | undefined) => void): void {
    const forJob = this.waiters.get(jobId)
    forJob?.delete(finish)
    if (forJob?.size === 0) this.waiters.delete(jobId)
  }
}
