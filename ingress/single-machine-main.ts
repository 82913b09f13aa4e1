import { migrateDatabase } from '../worker/db/migrate'
import { startWorker } from '../worker/main'
import { createLogger, loadConfig, stopOnSignals } from '../scripts/runtime'
import { processRegistry } from '../scripts/process-metrics'
import { startIngress } from './main'

/**
 * The single-machine default (`npm start`): migrate, then the API and one worker in this process, each with its
 * own database pool. On stop the API goes first, so the requests it holds still see their jobs done by the
 * worker, which then finishes whatever else it has in hand.
 */
const main = async () => {
  const config = loadConfig()
  const logger = createLogger(config, 'waitlist')
  await migrateDatabase(config, logger)
  // One registry for both parts, served at the API's /metrics: the worker opens no port of its own.
  const registry = processRegistry()
  const worker = await startWorker({ ...config, WORKER_METRICS_PORT: 0 }, logger, {}, registry)
  const ingress = await startIngress(config, logger, registry)
  stopOnSignals([ingress, worker], logger, config.SHUTDOWN_TIMEOUT_MS)
}

main().catch((error: unknown) => {
  process.stderr.write(`failed to start: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
