import * as E from 'fp-ts/Either'
import type { Transaction } from 'sequelize'
import type { FieldErrors } from '../../shared/errors/field-error'
import { validateReferenceDataFile, type ReferenceDataFile } from '../../shared/reference-data/reference-data-file'
import type { Database } from '../db/connection'
import { DEFAULT_MAX_SPAN_DAYS, DEFAULT_PATIENT_PRIORITY } from '../../shared/reference-data/reference-records'
import { DEFAULT_OFFER_POLICY, OfferPolicy } from '../../shared/reference-data/offer-policy'

export interface SeedCounts {
  readonly organizations: number
  readonly clinics: number
  readonly providers: number
  readonly patients: number
  readonly appointment_categories: number
}

const upsert = async (db: Database, file: ReferenceDataFile, transaction: Transaction): Promise<void> => {
  const options = <K extends string>(fields: K[]) => ({ updateOnDuplicate: fields, transaction })
  await db.models.Organization.bulkCreate(
    file.organizations.map((o) => ({
      id: o.id,
      name: o.name,
      waitlist_enabled: o.waitlist?.enabled ?? null,
      waitlist_max_span_days: o.waitlist?.max_span_days ?? DEFAULT_MAX_SPAN_DAYS,
      waitlist_patient_priority: o.waitlist?.patient_priority ?? DEFAULT_PATIENT_PRIORITY,
      waitlist_offers: OfferPolicy.encode(o.waitlist?.offers ?? DEFAULT_OFFER_POLICY),
      webhook_url: o.webhook?.url ?? null,
      webhook_secret: o.webhook?.secret ?? null,
    })),
    options([
      'name',
      'waitlist_enabled',
      'waitlist_max_span_days',
      'waitlist_patient_priority',
      'waitlist_offers',
      'webhook_url',
      'webhook_secret',
    ]),
  )
  await db.models.Clinic.bulkCreate(file.clinics, options(['organization_id', 'name', 'timezone']))
  await db.models.Patient.bulkCreate(file.patients, options(['organization_id', 'first_name', 'last_name']))
  await db.models.Provider.bulkCreate(
    file.providers.map(({ clinic_ids: _, ...provider }) => provider),
    options(['first_name', 'last_name', 'title']),
  )
  await db.models.AppointmentCategory.bulkCreate(
    file.appointment_categories.map(({ clinic_ids: _, ...category }) => category),
    options(['name', 'appointment_type', 'duration_minutes']),
  )
  // An entry's clinic_ids is its whole list: links not named any more are removed.
  await db.models.ProviderClinic.destroy({ where: { provider_id: file.providers.map((p) => p.id) }, transaction })
  await db.models.ProviderClinic.bulkCreate(
    file.providers.flatMap((p) => p.clinic_ids.map((clinic_id) => ({ provider_id: p.id, clinic_id }))),
    { transaction },
  )
  await db.models.CategoryClinic.destroy({
    where: { category_id: file.appointment_categories.map((c) => c.id) },
    transaction,
  })
  await db.models.CategoryClinic.bulkCreate(
    file.appointment_categories.flatMap((c) => c.clinic_ids.map((clinic_id) => ({ category_id: c.id, clinic_id }))),
    { transaction },
  )
}

/**
 * Loads a reference data file (docs/reference-data.md): upserts by id in one transaction,
 * or refuses the whole file, naming each bad entry, and changes nothing.
 */
export const seedReferenceData = (db: Database, input: unknown): Promise<E.Either<FieldErrors, SeedCounts>> =>
  db.sequelize.transaction(async (transaction) => {
    const [organizations, clinics] = await Promise.all([
      db.models.Organization.findAll({ attributes: ['id'], raw: true, transaction }),
      db.models.Clinic.findAll({ attributes: ['id'], raw: true, transaction }),
    ])
    const file = validateReferenceDataFile(input, {
      organizations: new Set(organizations.map((o) => o.id)),
      clinics: new Set(clinics.map((c) => c.id)),
    })
    if (E.isLeft(file)) return file
    await upsert(db, file.right, transaction)
    // In the same transaction, so workers' caches see a new version exactly when the new data is visible.
    await db.sequelize.query('UPDATE reference_data_version SET version = version + 1 WHERE id = 1', { transaction })
    return E.right({
      organizations: file.right.organizations.length,
      clinics: file.right.clinics.length,
      providers: file.right.providers.length,
      patients: file.right.patients.length,
      appointment_categories: file.right.appointment_categories.length,
    })
  })
