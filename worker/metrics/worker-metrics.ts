import type { Logger } from 'pino'
import type { Registry } from 'prom-client'
import type { Config } from '../../shared/config/config'
import type { Stoppable } from '../../scripts/runtime'
import { jobMetrics, type AnyWorker } from './job-metrics'
import { serveMetrics } from './metrics-server'

/**
 * A worker process's metrics (README.md#operating-it): its workers' job durations in `registry`, served on
 * WORKER_METRICS_PORT unless that is 0 (as when the API serves the same registry, `npm start`).
 */
export const startWorkerMetrics = async (
  config: Config,
  registry: Registry,
  logger: Logger,
  workers: ReadonlyArray<AnyWorker>,
): Promise<Stoppable> => {
  const observe = jobMetrics(registry)
  for (const worker of workers) observe(worker)
  if (config.WORKER_METRICS_PORT === 0) return { stop: () => Promise.resolve() }
  return serveMetrics(registry, {
    port: config.WORKER_METRICS_PORT,
    host: config.HOST,
    token: config.METRICS_TOKEN,
    logger,
  })
}
