import * as O from 'fp-ts/Option'
import { QueryTypes } from 'sequelize'
import type { Database } from '../db/connection'
import type { AppointmentCategory, Patient, Provider } from '../../shared/reference-data/reference-records'
import type { CreateReferences } from '../../shared/waitlist-request/resolve-create-request'
import { createBatcher } from '../batching/batcher'
import { lookupReferencesForMany, type ClinicWithOrganization, type ReferenceQuery } from './reference-data-repository'

/**
 * How long a worker may judge by reference data after a seed has replaced it:
 * the version row is read at most this often, by one query shared by every job.
 */
export const REFERENCE_CHECK_INTERVAL_MS = 250

/** Past this many entries a map is emptied: memory stays bounded, and the next misses refill what is in use. */
const MAX_ENTRIES_PER_MAP = 100_000

/**
 * Misses looked up together: a new patient is a miss on every first request,
 * so misses are the common case for patients, and looked up one by one they
 * cost seven queries each (a worker that starts cold answered a quarter of its
 * warm rate). Batched, the creates that miss while a lookup runs share the next.
 */
const MAX_MISSES_PER_LOOKUP = 100
const MAX_LOOKUPS_IN_FLIGHT = 2

export interface ReferenceDataCache {
  /** The same answer as `lookupCreateReferences` outside a transaction, from memory when every reference is held. */
  readonly lookup: (query: ReferenceQuery) => Promise<CreateReferences>
}

const remember = <A>(map: Map<string, A>, id: string, value: A): void => {
  if (map.size >= MAX_ENTRIES_PER_MAP) map.clear()
  map.set(id, value)
}

/**
 * Reference data held in the worker, so a create in steady state costs no
 * reference query (they were most of the worker's CPU). Only what was found is
 * held: an unknown id is looked up again every time, so data loaded later is
 * seen at once. Data changed by a seed is seen within about
 * REFERENCE_CHECK_INTERVAL_MS of its commit, when the version row it bumped is
 * read and every map is emptied.
 */
export const createReferenceDataCache = (deps: {
  readonly db: Database
  readonly lookupMany?: (queries: ReadonlyArray<ReferenceQuery>) => Promise<ReadonlyArray<CreateReferences>>
  readonly checkIntervalMs?: number
  readonly now?: () => number
}): ReferenceDataCache => {
  const misses = createBatcher({
    runMany:
      deps.lookupMany ?? ((queries: ReadonlyArray<ReferenceQuery>) => lookupReferencesForMany(deps.db.models, queries)),
    maxBatchSize: MAX_MISSES_PER_LOOKUP,
    maxInFlight: MAX_LOOKUPS_IN_FLIGHT,
  })
  const checkIntervalMs = deps.checkIntervalMs ?? REFERENCE_CHECK_INTERVAL_MS
  const now = deps.now ?? Date.now

  const clinics = new Map<string, ClinicWithOrganization>()
  const patients = new Map<string, Patient>()
  const categories = new Map<string, AppointmentCategory>()
  const providers = new Map<string, Provider>()
  /** The version the maps' contents are at least as new as; undefined until first read. */
  let heldVersion: string | undefined

  const readVersion = async (): Promise<string> => {
    const rows = await deps.db.sequelize.query<{ version: string }>(
      'SELECT version FROM reference_data_version WHERE id = 1',
      { type: QueryTypes.SELECT },
    )
    const version = rows[0]?.version
    if (version === undefined) throw new Error('reference_data_version has no row')
    return String(version)
  }

  // One version query at a time, started at most once per interval, shared by every job waiting on it.
  let check: { readonly startedAt: number; readonly version: Promise<string>; settled: boolean } | undefined
  const currentVersion = (): Promise<string> => {
    if (check === undefined || (check.settled && now() - check.startedAt >= checkIntervalMs)) {
      const started = { startedAt: now(), version: readVersion(), settled: false }
      check = started
      started.version.then(
        (version) => {
          started.settled = true
          if (version !== heldVersion) {
            clinics.clear()
            patients.clear()
            categories.clear()
            providers.clear()
            heldVersion = version
          }
        },
        () => {
          // A failed check is not remembered: the next job asks again, and this one's job is retried.
          if (check === started) check = undefined
        },
      )
    }
    return check.version
  }

  const fromMemory = (query: ReferenceQuery): CreateReferences | undefined => {
    const clinic = clinics.get(query.clinic_id)
    const patient = patients.get(query.patient_id)
    const category = categories.get(query.appointment_category_id)
    const preferred = [...new Set(query.preferred_providers)].map((id) => providers.get(id))
    if (clinic === undefined || patient === undefined || category === undefined) return undefined
    if (preferred.some((provider) => provider === undefined)) return undefined
    return {
      clinic: O.some(clinic),
      patient: O.some(patient),
      category: O.some(category),
      providers: preferred.filter((provider): provider is Provider => provider !== undefined),
    }
  }

  return {
    lookup: async (query) => {
      const version = await currentVersion()
      // The maps are emptied when `version` is first seen, in the check's own callback, before this resumes.
      const held = heldVersion === version ? fromMemory(query) : undefined
      if (held !== undefined) return held
      const references = await misses.run(query)
      // Read after `version` was, so at least as new; if a newer version was seen meanwhile, these may be older
      // than it, so they are not kept.
      if (heldVersion === version) {
        if (O.isSome(references.clinic)) remember(clinics, query.clinic_id, references.clinic.value)
        if (O.isSome(references.patient)) remember(patients, query.patient_id, references.patient.value)
        if (O.isSome(references.category))
          remember(categories, query.appointment_category_id, references.category.value)
        for (const provider of references.providers) remember(providers, provider.id, provider)
      }
      return references
    },
  }
}
