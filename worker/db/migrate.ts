import type { Logger } from 'pino'
import { SequelizeStorage, Umzug } from 'umzug'
import type { Config } from '../../shared/config/config'
import { openDatabase } from './connection'
import { ensureDatabase } from './database-lifecycle'
import { migrations } from './migrations'

/** Creates the database when missing and applies every pending migration, on a connection of its own. */
export const migrateDatabase = async (config: Config, logger: Logger): Promise<void> => {
  await ensureDatabase(config.DATABASE_URL)
  const { sequelize } = openDatabase(config.DATABASE_URL, { poolMax: 1 })
  try {
    const umzug = new Umzug({
      migrations,
      context: sequelize,
      storage: new SequelizeStorage({ sequelize, tableName: 'schema_migrations' }),
      logger: undefined,
    })
    const applied = (await umzug.up()).map((migration) => migration.name)
    logger.info({ applied }, applied.length === 0 ? 'database schema is up to date' : 'migrations applied')
  } finally {
    await sequelize.close()
  }
}
