import { Sequelize } from 'sequelize'
import { defineModels, type Models } from './models'

/**
 * One process part's database: its pool and the models bound to it. Each part (the API, a worker) opens its own
 * and hands it, or repositories made from it, to whatever reads or writes; nothing reaches a model bound elsewhere,
 * so closing one part's pool never pulls the floor from under another's.
 */
export interface Database {
  readonly sequelize: Sequelize
  readonly models: Models
}

export const openDatabase = (databaseUrl: string, options: { poolMax?: number } = {}): Database => {
  const sequelize = new Sequelize(databaseUrl, {
    dialect: 'postgres',
    logging: false,
    pool: { max: options.poolMax ?? 10, min: 0, idle: 10_000, acquire: 10_000 },
  })
  return { sequelize, models: defineModels(sequelize) }
}
