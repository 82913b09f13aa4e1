import { text, textArray } from './columns'
import { bindModel } from './bind-model'
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize'

export class WaitlistRequestModel extends Model<
  InferAttributes<WaitlistRequestModel>,
  InferCreationAttributes<WaitlistRequestModel>
> {
  declare id: string
  declare organization_id: string
  declare clinic_id: string
  declare patient_id: string
  declare preferred_providers: string[]
  declare preferred_time_slots: string[]
  declare preferred_days: string[]
  declare date_range_start: string
  declare date_range_end: string
  declare appointment_category_id: string
  declare appointment_category: string
  declare appointment_type: string
  declare appointment_duration: number
  declare payment_type: string
  declare priority: number
  declare status: string
  declare notes: string | null
  declare created_at: Date
  declare updated_at: Date
  declare created_by: string
  declare updated_by: string
  /** The roles created_by and updated_by acted in; null for expiry and for writes made before roles were kept. */
  declare created_by_role: string | null
  declare updated_by_role: string | null
  /** 1 when created, one more with every write: the ETag clients send back. */
  declare version: CreationOptional<number>
  declare cancellation_reason: CreationOptional<string | null>
  declare booked_appointment_id: CreationOptional<string | null>
  declare booked_appointment_start: CreationOptional<Date | null>
}

export const defineWaitlistRequestModel = (sequelize: Sequelize) =>
  bindModel(
    WaitlistRequestModel,
    {
      id: { type: DataTypes.UUID, primaryKey: true },
      organization_id: text(),
      clinic_id: text(),
      patient_id: text(),
      preferred_providers: textArray(),
      preferred_time_slots: textArray(),
      preferred_days: textArray(),
      date_range_start: { type: DataTypes.DATEONLY, allowNull: false },
      date_range_end: { type: DataTypes.DATEONLY, allowNull: false },
      appointment_category_id: text(),
      appointment_category: text(),
      appointment_type: text(),
      appointment_duration: { type: DataTypes.INTEGER, allowNull: false },
      payment_type: text(),
      priority: { type: DataTypes.SMALLINT, allowNull: false },
      status: text(),
      notes: { type: DataTypes.TEXT, allowNull: true },
      // Set by the worker, not by Sequelize, so created_at is the instant the payload reports.
      created_at: { type: DataTypes.DATE, allowNull: false },
      updated_at: { type: DataTypes.DATE, allowNull: false },
      created_by: text(),
      updated_by: text(),
      created_by_role: { type: DataTypes.TEXT, allowNull: true },
      updated_by_role: { type: DataTypes.TEXT, allowNull: true },
      version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
      cancellation_reason: { type: DataTypes.TEXT, allowNull: true },
      booked_appointment_id: { type: DataTypes.TEXT, allowNull: true },
      booked_appointment_start: { type: DataTypes.DATE, allowNull: true },
    },
    { sequelize, tableName: 'waitlist_requests', underscored: true, timestamps: false },
  )
