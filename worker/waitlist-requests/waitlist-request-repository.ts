import * as E from 'fp-ts/Either'
import * as O from 'fp-ts/Option'
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize'
import type { RequestId } from '../../shared/codecs/request-id'
import {
  WaitlistRequestPayload,
  providerDetailsField,
  type ResolvedWaitlistRequest,
} from '../../shared/waitlist-request/waitlist-request-payload'
import type { StoredWaitlistRequest } from '../../shared/waitlist-request/read-access'
import { PatientModel, ProviderModel } from '../db/models/reference-data-models'
import { WaitlistRequestModel } from '../db/models/waitlist-request-model'
import { WaitlistRequestHistoryModel } from '../db/models/waitlist-request-history-model'
import {
  insertSql,
  toCreatedHistoryRow,
  toRequestRow,
  type AnyModel,
  type NewWaitlistRequest,
} from './insert-waitlist-requests'
import { RequestVersion } from '../../shared/codecs/request-version'
import { Op } from 'sequelize'

/** Who wrote a new request and when; set once by the worker, the same on every rerun's read-back. */
export interface CreationStamp {
  readonly id: RequestId
  readonly at: Date
  readonly by: string
}

/** The payload of each row, in order, with patients and providers looked up once for them all (no query per row). */
export const toPayloads = async (
  rows: ReadonlyArray<WaitlistRequestModel>,
  transaction?: Transaction,
): Promise<WaitlistRequestPayload[]> => {
  const patientIds = [...new Set(rows.map((row) => row.patient_id))]
  const providerIds = [...new Set(rows.flatMap((row) => row.preferred_providers))]
  // In turn, not at once: inside a transaction both would share one connection.
  const patients =
    patientIds.length === 0
      ? []
      : await PatientModel.findAll({ where: { id: { [Op.in]: patientIds } }, raw: true, transaction })
  const providers =
    providerIds.length === 0
      ? []
      : await ProviderModel.findAll({ where: { id: { [Op.in]: providerIds } }, raw: true, transaction })
  const patientById = new Map(patients.map((patient) => [patient.id, patient]))
  const providerById = new Map(providers.map((provider) => [provider.id, provider]))
  return rows.map((row) => toPayload(row, patientById.get(row.patient_id), providerById))
}

const toPayload = (
  row: WaitlistRequestModel,
  patient: { first_name: string; last_name: string } | undefined,
  providerById: ReadonlyMap<string, { id: string; first_name: string; last_name: string; title: string }>,
): WaitlistRequestPayload => {
  const details = row.preferred_providers.flatMap((id) => {
    const provider = providerById.get(id)
    return provider === undefined
      ? []
      : [{ id: provider.id, first_name: provider.first_name, last_name: provider.last_name, title: provider.title }]
  })
  const payload = {
    id: row.id,
    clinic_id: row.clinic_id,
    patient_id: row.patient_id,
    preferred_providers: row.preferred_providers,
    preferred_provider_details: providerDetailsField(details),
    preferred_time_slots: row.preferred_time_slots,
    preferred_days: row.preferred_days,
    date_range_start: row.date_range_start,
    date_range_end: row.date_range_end,
    appointment_category_id: row.appointment_category_id,
    appointment_category: row.appointment_category,
    appointment_type: row.appointment_type,
    appointment_duration: row.appointment_duration,
    payment_type: row.payment_type,
    priority: row.priority,
    status: row.status,
    notes: row.notes,
    patient: { id: row.patient_id, first_name: patient?.first_name ?? '', last_name: patient?.last_name ?? '' },
    created_at: row.created_at.toISOString(),
    created_at_epoch_ms: row.created_at.getTime(),
    updated_at: row.updated_at.toISOString(),
    created_by: row.created_by,
    updated_by: row.updated_by,
    // How it ended, shown only once it has: a new request's payload is exactly the create's.
    cancellation_reason: row.cancellation_reason ?? undefined,
    booked_appointment:
      row.booked_appointment_id === null || row.booked_appointment_start === null
        ? undefined
        : { id: row.booked_appointment_id, start: row.booked_appointment_start.toISOString() },
  }
  const decoded = WaitlistRequestPayload.decode(payload)
  if (E.isLeft(decoded)) throw new Error(`stored waitlist request ${row.id} does not match its contract`)
  return decoded.right
}

/** A row as the ingress and the rules see it: the payload, and what access and concurrency need beside it. */
export const toStored = async (
  row: WaitlistRequestModel,
  transaction?: Transaction,
): Promise<StoredWaitlistRequest> => {
  const [request] = await toPayloads([row], transaction)
  const version = row.version
  if (request === undefined || !RequestVersion.is(version)) {
    throw new Error(`stored waitlist request ${row.id} does not match its contract`)
  }
  return { organization_id: row.organization_id, version, request }
}

export const findStoredWaitlistRequest = async (
  id: string,
  transaction?: Transaction,
): Promise<O.Option<StoredWaitlistRequest>> => {
  const row = await WaitlistRequestModel.findByPk(id, { transaction })
  return row === null ? O.none : O.some(await toStored(row, transaction))
}

export const findWaitlistRequest = async (
  id: string,
  transaction?: Transaction,
): Promise<O.Option<WaitlistRequestPayload>> =>
  O.map((stored: StoredWaitlistRequest) => stored.request)(await findStoredWaitlistRequest(id, transaction))

/**
 * Requests and their 'created' history entries in one statement (so atomic
 * without a transaction), answering the rows it wrote: none for an id stored
 * already.
 */
const insertManySql = (): string => {
  const sample = { request: {} as ResolvedWaitlistRequest, stamp: { id: '' as RequestId, at: new Date(0), by: '' } }
  const request = insertSql(WaitlistRequestModel as unknown as AnyModel, Object.keys(toRequestRow(sample)))
  const history = insertSql(
    WaitlistRequestHistoryModel as unknown as AnyModel,
    Object.keys(toCreatedHistoryRow(sample.stamp)),
  ).replace('$1', '$2')
  return `WITH written AS (${request} RETURNING *), history AS (${history}) SELECT * FROM written`
}
let insertMany: string | undefined

/**
 * Insert-or-return-existing, for many at once: ids were chosen before the jobs
 * were enqueued, so a job that runs twice finds its own row and answers with
 * it unchanged. The 'created' history entries are written by the same
 * statement, so a batch is one round trip and one commit. A new row's payload
 * is made from what was just written and the patient and providers the rules
 * resolved; only a rerun reads its stored row. Answers in the order given.
 */
export const insertReturningPayloads = async (
  sequelize: Sequelize,
  requests: ReadonlyArray<NewWaitlistRequest>,
): Promise<WaitlistRequestPayload[]> => {
  insertMany ??= insertManySql()
  const written = await sequelize.query<WaitlistRequestModel>(insertMany, {
    bind: [
      JSON.stringify(requests.map(toRequestRow)),
      JSON.stringify(requests.map(({ stamp }) => toCreatedHistoryRow(stamp))),
    ],
    type: QueryTypes.SELECT,
  })
  const writtenById = new Map(written.map((row) => [row.id, row]))
  return Promise.all(
    requests.map(async ({ request, stamp }) => {
      const row = writtenById.get(stamp.id)
      if (row !== undefined) {
        const providers = new Map((request.preferred_provider_details ?? []).map((provider) => [provider.id, provider]))
        return toPayload(row, request.patient, providers)
      }
      const stored = await findWaitlistRequest(stamp.id)
      if (O.isNone(stored)) throw new Error(`waitlist request ${stamp.id} was neither written nor found`)
      return stored.value
    }),
  )
}
