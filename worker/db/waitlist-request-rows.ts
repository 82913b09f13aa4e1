import * as E from 'fp-ts/Either'
import * as O from 'fp-ts/Option'
import { Op, type Transaction } from 'sequelize'
import { RequestVersion } from '../../shared/codecs/request-version'
import { WaitlistRequestPayload, providerDetailsField } from '../../shared/waitlist-request/waitlist-request-payload'
import type { StoredWaitlistRequest } from '../../shared/waitlist-request/read-access'
import { WriterRole, type WriterRoles } from '../../shared/waitlist-request/writer'
import type { Database } from './connection'
import type { WaitlistRequestModel } from './models/waitlist-request-model'

/** The payload of each row, in order, with patients and providers looked up once for them all (no query per row). */
export const toPayloads = async (
  db: Database,
  rows: ReadonlyArray<WaitlistRequestModel>,
  transaction?: Transaction,
): Promise<WaitlistRequestPayload[]> => {
  const patientIds = [...new Set(rows.map((row) => row.patient_id))]
  const providerIds = [...new Set(rows.flatMap((row) => row.preferred_providers))]
  // In turn, not at once: inside a transaction both would share one connection.
  const patients =
    patientIds.length === 0
      ? []
      : await db.models.Patient.findAll({ where: { id: { [Op.in]: patientIds } }, raw: true, transaction })
  const providers =
    providerIds.length === 0
      ? []
      : await db.models.Provider.findAll({ where: { id: { [Op.in]: providerIds } }, raw: true, transaction })
  const patientById = new Map(patients.map((patient) => [patient.id, patient]))
  const providerById = new Map(providers.map((provider) => [provider.id, provider]))
  return rows.map((row) => toPayload(row, patientById.get(row.patient_id), providerById))
}

export const toPayload = (
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

/** The roles a row's created_by and updated_by acted in. */
export const rolesOf = (row: WaitlistRequestModel): WriterRoles => {
  const { created_by_role: created_by, updated_by_role: updated_by } = row
  if (!WriterRole.is(created_by) || !WriterRole.is(updated_by)) {
    throw new Error(`stored waitlist request ${row.id} does not match its contract`)
  }
  return { created_by, updated_by }
}

/** A row as the ingress and the rules see it: the payload, and what access, concurrency and views need beside it. */
export const toStored = async (
  db: Database,
  row: WaitlistRequestModel,
  transaction?: Transaction,
): Promise<StoredWaitlistRequest> => {
  const [request] = await toPayloads(db, [row], transaction)
  const version = row.version
  if (request === undefined || !RequestVersion.is(version)) {
    throw new Error(`stored waitlist request ${row.id} does not match its contract`)
  }
  return { organization_id: row.organization_id, version, request, roles: rolesOf(row) }
}

export const findStoredWaitlistRequest = async (
  db: Database,
  id: string,
  transaction?: Transaction,
): Promise<O.Option<StoredWaitlistRequest>> => {
  const row = await db.models.WaitlistRequest.findByPk(id, { transaction })
  return row === null ? O.none : O.some(await toStored(db, row, transaction))
}
