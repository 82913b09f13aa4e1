import type { Job, Worker } from 'bullmq'
import { Histogram, type Registry } from 'prom-client'
import { UnknownJobName } from '../create-worker'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any queue's worker, whatever its result and names
export type AnyWorker = Worker<unknown, any, any>

type ObserveJobs = (worker: AnyWorker) => void

/**
 * Times every job attempt a worker process runs, by queue, job name and outcome (`completed`, or `failed` for an
 * attempt that threw, retried or not). A name no processor handles is counted as `unknown`: job names come from
 * whoever adds jobs (the queue is a public contract), and a label must not take whatever they write.
 */
export const jobMetrics = (registry: Registry): ObserveJobs => {
  const duration = new Histogram({
    name: 'waitlist_job_duration_seconds',
    help: 'Time a job attempt took in this worker process, by queue, job name and outcome (completed or failed)',
    labelNames: ['queue', 'name', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  })
  const observe = (queue: string, job: Job | undefined, name: string, outcome: 'completed' | 'failed') => {
    // processedOn: when this attempt started, stamped by this process's clock.
    if (job?.processedOn !== undefined)
      duration.observe({ queue, name, outcome }, Math.max(0, Date.now() - job.processedOn) / 1000)
  }
  return (worker) => {
    worker.on('completed', (job) => observe(worker.name, job, String(job.name), 'completed'))
    worker.on('failed', (job, error) =>
      observe(worker.name, job, error instanceof UnknownJobName ? 'unknown' : String(job?.name ?? 'unknown'), 'failed'),
    )
  }
}
