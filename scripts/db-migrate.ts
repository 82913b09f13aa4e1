import { migrateDatabase } from '../worker/db/migrate'
import { createLogger, loadConfig } from './runtime'

/** `npm run db:migrate`: creates the database when missing and applies pending migrations. */
const config = loadConfig()
const logger = createLogger(config, 'migrate')
migrateDatabase(config, logger).catch((error: unknown) => {
  logger.fatal({ err: error }, 'migration failed')
  process.exit(1)
})
