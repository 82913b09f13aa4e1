import type { Sequelize } from 'sequelize'
import { SequelizeStorage, Umzug } from 'umzug'
import { migrations } from './migrations'

/** Applies every pending migration; returns the names applied. */
export const migrate = async (sequelize: Sequelize): Promise<string[]> => {
  const umzug = new Umzug({
    migrations,
    context: sequelize,
    storage: new SequelizeStorage({ sequelize, tableName: 'schema_migrations' }),
    logger: undefined,
  })
  const applied = await umzug.up()
  return applied.map((migration) => migration.name)
}
