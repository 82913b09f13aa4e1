import { instant, optionalText, text } from './columns'
import { bindModel } from './bind-model'
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize'

/** A free slot at a clinic (table openings, docs/matching.md). */
export class OpeningModel extends Model<InferAttributes<OpeningModel>, InferCreationAttributes<OpeningModel>> {
  declare id: string
  declare organization_id: string
  declare clinic_id: string
  declare provider_id: string
  declare start: Date
  declare end: Date
  declare duration_minutes: number
  /** null: any category offered at the clinic whose duration fits. */
  declare appointment_category_ids: string[] | null
  declare external_id: string | null
  declare released_by_patient_id: string | null
  declare status: string
  declare created_at: Date
  declare created_by: string
  declare updated_at: Date
  declare updated_by: string
  declare status_change_id: CreationOptional<string | null>
  /** Where its offer rounds stand (docs/offer-policy.md, "Storage"). */
  declare round_phase: CreationOptional<string>
  declare round: CreationOptional<number>
  declare round_at: CreationOptional<Date | null>
  /** The booking, set exactly when the opening is FILLED. */
  declare booked_offer_id: CreationOptional<string | null>
  declare booked_request_id: CreationOptional<string | null>
  declare booked_patient_id: CreationOptional<string | null>
  declare booked_category_id: CreationOptional<string | null>
  declare booked_at: CreationOptional<Date | null>
  declare booked_by: CreationOptional<string | null>
}

export const defineOpeningModel = (sequelize: Sequelize) =>
  bindModel(
    OpeningModel,
    {
      id: { type: DataTypes.UUID, primaryKey: true },
      organization_id: text(),
      clinic_id: text(),
      provider_id: text(),
      start: instant(),
      end: instant(),
      duration_minutes: { type: DataTypes.INTEGER, allowNull: false },
      appointment_category_ids: { type: DataTypes.ARRAY(DataTypes.TEXT), allowNull: true },
      external_id: optionalText(),
      released_by_patient_id: optionalText(),
      status: text(),
      // Set by the worker, not by Sequelize, so created_at is the instant the payload reports.
      created_at: instant(),
      created_by: text(),
      updated_at: instant(),
      updated_by: text(),
      status_change_id: { type: DataTypes.UUID, allowNull: true },
      round_phase: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'new' },
      round: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      round_at: { type: DataTypes.DATE, allowNull: true },
      booked_offer_id: { type: DataTypes.UUID, allowNull: true },
      booked_request_id: { type: DataTypes.UUID, allowNull: true },
      booked_patient_id: optionalText(),
      booked_category_id: optionalText(),
      booked_at: { type: DataTypes.DATE, allowNull: true },
      booked_by: optionalText(),
    },
    { sequelize, tableName: 'openings', underscored: true, timestamps: false },
  )
