import { text } from './columns'
import { bindModel } from './bind-model'
import { DataTypes, Model, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize'

export class OrganizationModel extends Model<
  InferAttributes<OrganizationModel>,
  InferCreationAttributes<OrganizationModel>
> {
  declare id: string
  declare name: string
  /** null: the organization has no waitlist configuration at all. */
  declare waitlist_enabled: boolean | null
  declare waitlist_max_span_days: number
  /** `accept` or `ignore` (a patient's stated priority on a create); kept when there is no waitlist configuration. */
  declare waitlist_patient_priority: string
  /** The offer policy as `db:seed` decoded it (docs/offer-policy.md); `{}` is the default policy. */
  declare waitlist_offers: unknown
  /** Both null: no webhook (docs/webhooks.md). */
  declare webhook_url: string | null
  declare webhook_secret: string | null
}

export class ClinicModel extends Model<InferAttributes<ClinicModel>, InferCreationAttributes<ClinicModel>> {
  declare id: string
  declare organization_id: string
  declare name: string
  declare timezone: string
}

export class ProviderModel extends Model<InferAttributes<ProviderModel>, InferCreationAttributes<ProviderModel>> {
  declare id: string
  declare first_name: string
  declare last_name: string
  declare title: string
}

export class ProviderClinicModel extends Model<
  InferAttributes<ProviderClinicModel>,
  InferCreationAttributes<ProviderClinicModel>
> {
  declare provider_id: string
  declare clinic_id: string
}

export class PatientModel extends Model<InferAttributes<PatientModel>, InferCreationAttributes<PatientModel>> {
  declare id: string
  declare organization_id: string
  declare first_name: string
  declare last_name: string
}

export class AppointmentCategoryModel extends Model<
  InferAttributes<AppointmentCategoryModel>,
  InferCreationAttributes<AppointmentCategoryModel>
> {
  declare id: string
  declare name: string
  declare appointment_type: string
  declare duration_minutes: number
}

export class CategoryClinicModel extends Model<
  InferAttributes<CategoryClinicModel>,
  InferCreationAttributes<CategoryClinicModel>
> {
  declare category_id: string
  declare clinic_id: string
}

const key = () => ({ type: DataTypes.TEXT, allowNull: false, primaryKey: true })
const options = (sequelize: Sequelize, tableName: string) => ({
  sequelize,
  tableName,
  underscored: true,
  timestamps: false,
})

export const defineReferenceDataModels = (sequelize: Sequelize) => ({
  Organization: bindModel(
    OrganizationModel,
    {
      id: key(),
      name: text(),
      waitlist_enabled: { type: DataTypes.BOOLEAN, allowNull: true },
      waitlist_max_span_days: { type: DataTypes.INTEGER, allowNull: false },
      waitlist_patient_priority: text(),
      waitlist_offers: { type: DataTypes.JSONB, allowNull: false },
      webhook_url: { type: DataTypes.TEXT, allowNull: true },
      webhook_secret: { type: DataTypes.TEXT, allowNull: true },
    },
    options(sequelize, 'organizations'),
  ),
  Clinic: bindModel(
    ClinicModel,
    { id: key(), organization_id: text(), name: text(), timezone: text() },
    options(sequelize, 'clinics'),
  ),
  Provider: bindModel(
    ProviderModel,
    { id: key(), first_name: text(), last_name: text(), title: text() },
    options(sequelize, 'providers'),
  ),
  ProviderClinic: bindModel(
    ProviderClinicModel,
    { provider_id: key(), clinic_id: key() },
    options(sequelize, 'provider_clinics'),
  ),
  Patient: bindModel(
    PatientModel,
    { id: key(), organization_id: text(), first_name: text(), last_name: text() },
    options(sequelize, 'patients'),
  ),
  AppointmentCategory: bindModel(
    AppointmentCategoryModel,
    {
      id: key(),
      name: text(),
      appointment_type: text(),
      duration_minutes: { type: DataTypes.INTEGER, allowNull: false },
    },
    options(sequelize, 'appointment_categories'),
  ),
  CategoryClinic: bindModel(
    CategoryClinicModel,
    { category_id: key(), clinic_id: key() },
    options(sequelize, 'category_clinics'),
  ),
})
