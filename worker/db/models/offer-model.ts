import { integer, optionalText, text } from './columns'
import { bindModel } from './bind-model'
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize'

/** An opening offered to one waitlist request's patient (table offers, docs/offer-policy.md). */
export class OfferModel extends Model<InferAttributes<OfferModel>, InferCreationAttributes<OfferModel>> {
  declare id: string
  declare opening_id: string
  declare request_id: string
  declare patient_id: string
  declare organization_id: string
  declare status: string
  declare round: number
  declare rank: number
  declare reasons: unknown
  declare expires_at: Date
  declare created_at: Date
  declare ended_at: CreationOptional<Date | null>
  declare responded_at: CreationOptional<Date | null>
  declare responded_by: CreationOptional<string | null>
  declare response_id: CreationOptional<string | null>
  declare decline_reason: CreationOptional<string | null>
}

export const defineOfferModel = (sequelize: Sequelize) =>
  bindModel(
    OfferModel,
    {
      id: { type: DataTypes.UUID, primaryKey: true },
      opening_id: { type: DataTypes.UUID, allowNull: false },
      request_id: { type: DataTypes.UUID, allowNull: false },
      patient_id: text(),
      organization_id: text(),
      status: text(),
      round: integer(),
      rank: integer(),
      reasons: { type: DataTypes.JSONB, allowNull: false },
      expires_at: { type: DataTypes.DATE, allowNull: false },
      created_at: { type: DataTypes.DATE, allowNull: false },
      ended_at: { type: DataTypes.DATE, allowNull: true },
      responded_at: { type: DataTypes.DATE, allowNull: true },
      responded_by: optionalText(),
      response_id: { type: DataTypes.UUID, allowNull: true },
      decline_reason: optionalText(),
    },
    { sequelize, tableName: 'offers', underscored: true, timestamps: false },
  )
