import { Sequelize } from 'sequelize'
import { initModels } from './models'

/** One pool per process; models are bound to it before anything queries. */
export const connectDatabase = (databaseUrl: string, options: { poolMax?: number } = {}): Sequelize => {
  const sequelize = new Sequelize(databaseUrl, {
    dialect: 'postgres',
    logging: false,
    pool: { max: options.poolMax ?? 10, min: 0, idle: 10_000, acquire: 10_000 },
  })
  initModels(sequelize)
  return sequelize
}
