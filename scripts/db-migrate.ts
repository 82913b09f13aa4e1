import type { Logger } from 'pino'
import type { Config } from '../shared/config/config'
import { connectDatabase } from '../worker/db/connection'
import { ensureDatabase } from '../worker/db/database-lifecycle'
import { migrate } from '../worker/db/migrate'
import { createLogger, isMain, loadConfig } from './runtime'

/** Creates the database when missing and applies pending migrations. */
export const migrateDatabase = async (config: Config, logger: Logger): Promise<void> => {
  await ensureDatabase(config.DATABASE_URL)
  const sequelize = connectDatabase(config.DATABASE_URL, { poolMax: 1 })
  try {
    const applied = await migrate(sequelize)
    logger.info({ applied }, applied.length === 0 ? 'database schema is up to date' : 'migrations applied')
  } finally {
    await sequelize.close()
  }
}

if (isMain(module)) {
  const config = loadConfig()
  const logger = createLogger(config, 'migrate')
  migrateDatabase(config, logger).catch((error: unknown) => {
    logger.fatal({ err: error }, 'migration failed')
    process.exit(1)
  })
}
