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
import type { CreateSubmission } from '../../shared/waitlist-request/create-submission'
import type { CreateReferences } from '../../shared/waitlist-request/resolve-create-request'
import type { OrganizationModel } from '../db/models/reference-data-models'
import type { Models } from '../db/models'

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
          : {
              enabled: row.waitlist_enabled,
              max_span_days: row.waitlist_max_span_days,
              patient_priority: row.waitlist_patient_priority,
              offers: row.waitlist_offers,
            },
      webhook: row.webhook_url === null ? null : { url: row.webhook_url, secret: row.webhook_secret },
    },
    'organization',
  )

const unique = (ids: ReadonlyArray<string>): string[] => [...new Set(ids)]

const groupBy = <A>(items: ReadonlyArray<A>, key: (item: A) => string): Map<string, A[]> => {
  const groups = new Map<string, A[]>()
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item])
  return groups
}

export interface ClinicWithOrganization {
  readonly clinic: Clinic
  readonly organization: Organization
}

/**
 * Runs lookups at once on pooled connections, or one after another inside a
 * transaction: its one connection runs one query at a time (pg deprecates
 * queueing more, and pg 9 refuses it).
 */
const all = async <T extends readonly unknown[]>(
  transaction: Transaction | undefined,
  lookups: { readonly [K in keyof T]: () => Promise<T[K]> },
): Promise<T> => {
  if (transaction === undefined) return (await Promise.all(lookups.map((lookup) => lookup()))) as unknown as T
  const results: unknown[] = []
  for (const lookup of lookups) results.push(await lookup())
  return results as unknown as T
}

export const findClinics = async (
  models: Models,
  ids: ReadonlyArray<string>,
  transaction?: Transaction,
): Promise<Map<string, ClinicWithOrganization>> => {
  if (ids.length === 0) return new Map()
  const clinics = await models.Clinic.findAll({ where: { id: { [Op.in]: unique(ids) } }, raw: true, transaction })
  if (clinics.length === 0) return new Map()
  const organizations = await models.Organization.findAll({
    where: { id: { [Op.in]: unique(clinics.map((clinic) => clinic.organization_id)) } },
    transaction,
  })
  const organizationById = new Map(organizations.map((row) => [row.id, toOrganization(row)]))
  return new Map(
    clinics.flatMap((clinic) => {
      const organization = organizationById.get(clinic.organization_id)
      return organization === undefined
        ? []
        : [[clinic.id, { clinic: decodeRow(Clinic, clinic, 'clinic'), organization }] as const]
    }),
  )
}

export const findPatients = async (
  models: Models,
  ids: ReadonlyArray<string>,
  transaction?: Transaction,
): Promise<Map<string, Patient>> => {
  if (ids.length === 0) return new Map()
  const patients = await models.Patient.findAll({ where: { id: { [Op.in]: unique(ids) } }, raw: true, transaction })
  return new Map(patients.map((row) => [row.id, decodeRow(Patient, row, 'patient')]))
}

export const findCategories = async (
  models: Models,
  ids: ReadonlyArray<string>,
  transaction?: Transaction,
): Promise<Map<string, AppointmentCategory>> => {
  if (ids.length === 0) return new Map()
  const [categories, links] = await all(transaction, [
    () => models.AppointmentCategory.findAll({ where: { id: { [Op.in]: unique(ids) } }, raw: true, transaction }),
    () => models.CategoryClinic.findAll({ where: { category_id: { [Op.in]: unique(ids) } }, raw: true, transaction }),
  ] as const)
  const linksOf = groupBy(links, (link) => link.category_id)
  return new Map(
    categories.map((category) => [
      category.id,
      decodeRow(
        AppointmentCategory,
        { ...category, clinic_ids: (linksOf.get(category.id) ?? []).map((link) => link.clinic_id) },
        'appointment category',
      ),
    ]),
  )
}

export const findProviders = async (
  models: Models,
  ids: ReadonlyArray<string>,
  transaction?: Transaction,
): Promise<Provider[]> => {
  if (ids.length === 0) return []
  const [providers, links] = await all(transaction, [
    () => models.Provider.findAll({ where: { id: { [Op.in]: [...ids] } }, raw: true, transaction }),
    () => models.ProviderClinic.findAll({ where: { provider_id: { [Op.in]: [...ids] } }, raw: true, transaction }),
  ] as const)
  return providers.flatMap((provider) => {
    const clinic_ids = links.filter((link) => link.provider_id === provider.id).map((link) => link.clinic_id)
    // A provider linked to no clinic practises nowhere, so cannot be preferred anywhere.
    return clinic_ids.length === 0 ? [] : [decodeRow(Provider, { ...provider, clinic_ids }, 'provider')]
  })
}

/** What the create rules look up for one submission. */
export interface ReferenceQuery {
  readonly clinic_id: string
  readonly patient_id: string
  readonly appointment_category_id: string
  readonly preferred_providers: ReadonlyArray<string>
}

/** The references one submission names. */
export const referenceQueryOf = (submission: CreateSubmission): ReferenceQuery => ({
  clinic_id: submission.request.clinic_id,
  patient_id: submission.patient_id,
  appointment_category_id: submission.request.appointment_category_id,
  preferred_providers: submission.request.preferred_providers,
})

/**
 * Everything the create rules need to know about many submissions, in their
 * order, with one query per table for them all: an import chunk of a thousand
 * rows costs the same handful of queries as a single create.
 */
export const lookupReferencesForMany = async (
  models: Models,
  queries: ReadonlyArray<ReferenceQuery>,
  // A change looks them up inside its own transaction, so it needs no second pooled connection while it holds a lock.
  transaction?: Transaction,
): Promise<CreateReferences[]> => {
  const [clinics, patients, categories, providers] = await all(transaction, [
    () =>
      findClinics(
        models,
        queries.map((query) => query.clinic_id),
        transaction,
      ),
    () =>
      findPatients(
        models,
        queries.map((query) => query.patient_id),
        transaction,
      ),
    () =>
      findCategories(
        models,
        queries.map((query) => query.appointment_category_id),
        transaction,
      ),
    () => findProviders(models, unique(queries.flatMap((query) => query.preferred_providers)), transaction),
  ] as const)
  const providerById = new Map<string, Provider>(providers.map((provider) => [provider.id, provider]))
  return queries.map((query) => ({
    clinic: O.fromNullable(clinics.get(query.clinic_id)),
    patient: O.fromNullable(patients.get(query.patient_id)),
    category: O.fromNullable(categories.get(query.appointment_category_id)),
    providers: unique(query.preferred_providers).flatMap((id) => providerById.get(id) ?? []),
  }))
}

/** Everything the create rules need to know about one submission, looked up at once. */
export const lookupCreateReferences = async (
  models: Models,
  query: ReferenceQuery,
  transaction?: Transaction,
): Promise<CreateReferences> => {
  const [references] = await lookupReferencesForMany(models, [query], transaction)
  if (references === undefined) throw new Error('reference lookup answered no query')
  return references
}
