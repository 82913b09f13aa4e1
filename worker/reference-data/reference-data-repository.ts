import * as t from 'io-ts'
import * as E from 'fp-ts/Either'
import * as O from 'fp-ts/Option'
import { Op, type Transaction } from 'sequelize'
import {
  AppointmentCategory,
  Clinic,
  Organization,
  Patient,
  Provider,
} from '../../shared/reference-data/reference-records'
import type { CreateReferences } from '../../shared/waitlist-request/resolve-create-request'
import {
  AppointmentCategoryModel,
  CategoryClinicModel,
  ClinicModel,
  OrganizationModel,
  PatientModel,
  ProviderClinicModel,
  ProviderModel,
} from '../db/models/reference-data-models'

/** Rows come from our own tables, but a row that breaks the contract is a fault to surface, not to pass on. */
const decodeRow = <A>(codec: t.Decoder<unknown, A>, row: unknown, what: string): A => {
  const decoded = codec.decode(row)
  if (E.isLeft(decoded)) throw new Error(`stored ${what} does not match its contract`)
  return decoded.right
}

const toOrganization = (row: OrganizationModel): Organization =>
  decodeRow(
    Organization,
    {
      id: row.id,
      name: row.name,
      waitlist:
        row.waitlist_enabled === null
          ? null
          : { enabled: row.waitlist_enabled, max_span_days: row.waitlist_max_span_days },
    },
    'organization',
  )

const findClinic = async (id: string, transaction?: Transaction): Promise<CreateReferences['clinic']> => {
  const clinic = await ClinicModel.findByPk(id, { raw: true, transaction })
  if (clinic === null) return O.none
  const organization = await OrganizationModel.findByPk(clinic.organization_id, { transaction })
  if (organization === null) return O.none
  return O.some({ clinic: decodeRow(Clinic, clinic, 'clinic'), organization: toOrganization(organization) })
}

const findPatient = async (id: string, transaction?: Transaction) =>
  O.fromNullable(
    await PatientModel.findByPk(id, { raw: true, transaction }).then(
      (row) => row && decodeRow(Patient, row, 'patient'),
    ),
  )

const findCategory = async (id: string, transaction?: Transaction) => {
  const category = await AppointmentCategoryModel.findByPk(id, { raw: true, transaction })
  if (category === null) return O.none
  const clinics = await CategoryClinicModel.findAll({ where: { category_id: id }, raw: true, transaction })
  return O.some(
    decodeRow(
      AppointmentCategory,
      { ...category, clinic_ids: clinics.map((link) => link.clinic_id) },
      'appointment category',
    ),
  )
}

export const findProviders = async (ids: ReadonlyArray<string>, transaction?: Transaction): Promise<Provider[]> => {
  if (ids.length === 0) return []
  const [providers, links] = await Promise.all([
    ProviderModel.findAll({ where: { id: { [Op.in]: [...ids] } }, raw: true, transaction }),
    ProviderClinicModel.findAll({ where: { provider_id: { [Op.in]: [...ids] } }, raw: true, transaction }),
  ])
  return providers.flatMap((provider) => {
    const clinic_ids = links.filter((link) => link.provider_id === provider.id).map((link) => link.clinic_id)
    // A provider linked to no clinic practises nowhere, so cannot be preferred anywhere.
    return clinic_ids.length === 0 ? [] : [decodeRow(Provider, { ...provider, clinic_ids }, 'provider')]
  })
}

/** Everything the create rules need to know about one submission, looked up at once. */
export const lookupCreateReferences = async (
  query: {
    clinic_id: string
    patient_id: string
    appointment_category_id: string
    preferred_providers: ReadonlyArray<string>
  },
  // A change looks them up inside its own transaction, so it needs no second pooled connection while it holds a lock.
  transaction?: Transaction,
): Promise<CreateReferences> => {
  if (transaction !== undefined) {
    // One connection runs one query at a time: inside a transaction they go in turn.
    const clinic = await findClinic(query.clinic_id, transaction)
    const patient = await findPatient(query.patient_id, transaction)
    const category = await findCategory(query.appointment_category_id, transaction)
    const providers = await findProviders(query.preferred_providers, transaction)
    return { clinic, patient, category, providers }
  }
  const [clinic, patient, category, providers] = await Promise.all([
    findClinic(query.clinic_id),
    findPatient(query.patient_id),
    findCategory(query.appointment_category_id),
    findProviders(query.preferred_providers),
  ])
  return { clinic, patient, category, providers }
}
