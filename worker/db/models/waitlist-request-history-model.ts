import { bindModel } from './bind-model'
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize'

/** One write to a waitlist request: what it changed, by whom, when (table waitlist_request_history). */
export class WaitlistRequestHistoryModel extends Model<
  InferAttributes<WaitlistRequestHistoryModel>,
  InferCreationAttributes<WaitlistRequestHistoryModel>
> {
  declare id: CreationOptional<string>
  declare request_id: string
  declare version: number
  declare event: string
  declare changes: unknown
  declare actor: string
  declare actor_role: string | null
  declare at: Date
  declare operation_id: string | null
}

export const defineWaitlistRequestHistoryModel = (sequelize: Sequelize) =>
  bindModel(
    WaitlistRequestHistoryModel,
    {
      id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
      request_id: { type: DataTypes.UUID, allowNull: false },
      version: { type: DataTypes.INTEGER, allowNull: false },
      event: { type: DataTypes.TEXT, allowNull: false },
      changes: { type: DataTypes.JSONB, allowNull: false },
      actor: { type: DataTypes.TEXT, allowNull: false },
      actor_role: { type: DataTypes.TEXT, allowNull: true },
      at: { type: DataTypes.DATE, allowNull: false },
      operation_id: { type: DataTypes.UUID, allowNull: true },
    },
    { sequelize, tableName: 'waitlist_request_history', underscored: true, timestamps: false },
  )
