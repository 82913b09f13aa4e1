import { migrateDatabase } from './db-migrate'
import { startIngress } from './start-ingress'
import { startWorker } from './start-worker'
import { createLogger, loadConfig, stopOnSignals } from './runtime'

/** The single-machine default: migrate, then the API and one worker in this process. */
const main = async () => {
  const config = loadConfig()
  const logger = createLogger(config, 'waitlist')
  await migrateDatabase(config, logger)
  const worker = await startWorker(config, logger)
  const ingress = await startIngress(config, logger)
  stopOnSignals([ingress, worker], logger, config.SHUTDOWN_TIMEOUT_MS)
}

main().catch((error: unknown) => {
  process.stderr.write(`failed to start: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
