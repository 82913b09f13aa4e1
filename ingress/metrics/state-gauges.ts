import { Counter, Gauge, type Registry } from 'prom-client'
import type { QueueWatch } from '../queue/queue-watch'
import { withinTime } from '../queue/within-time'

/**
 * Gauges read when Prometheus scrapes, not kept up to date by the code that changes them: the queues' job and
 * worker counts from Redis, and openings and offers by status from PostgreSQL. They are the same whichever API
 * process is asked (aggregate with `max`, not `sum`). A source that fails or takes longer than `timeoutMs` leaves
 * its gauges without samples for that scrape, rather than old numbers or a failed scrape, and is counted.
 */
export const registerStateGauges = (
  registry: Registry,
  sources: {
    readonly queues: QueueWatch
    readonly openingsByStatus: () => Promise<Record<string, number>>
    readonly offersByStatus: () => Promise<Record<string, number>>
    readonly timeoutMs: number
  },
): void => {
  const failures = new Counter({
    name: 'waitlist_metrics_read_failures_total',
    help: 'Scrapes whose gauges of one source (queues, workers, openings, offers) could not be read in time',
    labelNames: ['source'] as const,
    registers: [registry],
  })
  /** Resets `gauge`, then lets `read` set it, or counts the failure and leaves it empty. */
  const readInto = async <A>(gauge: Gauge, source: string, read: () => Promise<A>, set: (value: A) => void) => {
    gauge.reset()
    try {
      set(await withinTime(read(), sources.timeoutMs, `read ${source} for metrics`))
    } catch {
      failures.inc({ source })
    }
  }

  new Gauge({
    name: 'waitlist_queue_jobs',
    help: 'Jobs in each state (waiting, active, delayed, failed, completed) per queue, read at scrape time',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      await readInto(this, 'queues', sources.queues.jobCounts, (counts) => {
        for (const [queue, states] of Object.entries(counts))
          for (const [state, count] of Object.entries(states)) this.set({ queue, state }, count)
      })
    },
  })
  new Gauge({
    name: 'waitlist_queue_workers',
    help: 'Worker processes consuming each queue, as BullMQ sees their connections; 0: jobs wait for none',
    labelNames: ['queue'] as const,
    registers: [registry],
    async collect() {
      await readInto(this, 'workers', sources.queues.workerCounts, (counts) => {
        for (const [queue, count] of Object.entries(counts)) this.set({ queue }, count)
      })
    },
  })
  const byStatus = (source: string, help: string, read: () => Promise<Record<string, number>>) =>
    new Gauge({
      name: `waitlist_${source}`,
      help,
      labelNames: ['status'] as const,
      registers: [registry],
      async collect() {
        await readInto(this, source, read, (counts) => {
          for (const [status, count] of Object.entries(counts)) this.set({ status }, count)
        })
      },
    })
  byStatus(
    'openings',
    'Openings by status (OPEN, FILLED, WITHDRAWN, EXPIRED); the FILLED ones are the fills, each with its booking',
    sources.openingsByStatus,
  )
  byStatus('offers', 'Offers by status (PENDING, ACCEPTED, DECLINED, EXPIRED, WITHDRAWN)', sources.offersByStatus)
}
