import * as E from 'fp-ts/Either'
import * as t from 'io-ts'
import { TimeZone } from '../../shared/codecs/time-zone'
import type { StoredOpening } from '../../shared/openings/opening-access'
import { OpeningPayload } from '../../shared/openings/opening-payload'
import type { OpeningModel } from '../db/models/opening-model'

/**
 * A new opening as a table row: its payload (`newOpening`) with whose it is,
 * no categories stored as NULL ("any that fits"), last written by its opener.
 */
export const toOpeningRow = (stored: Pick<StoredOpening, 'organization_id' | 'opening'>) => {
  const { opening } = stored
  return {
    id: opening.id,
    organization_id: stored.organization_id,
    clinic_id: opening.clinic_id,
    provider_id: opening.provider_id,
    start: opening.start,
    end: opening.end,
    duration_minutes: opening.duration_minutes,
    appointment_category_ids: opening.appointment_category_ids.length === 0 ? null : opening.appointment_category_ids,
    external_id: opening.external_id,
    released_by_patient_id: opening.released_by_patient_id,
    status: opening.status,
    created_at: opening.created_at,
    created_by: opening.created_by,
    updated_at: opening.created_at,
    updated_by: opening.created_by,
  }
}

/** A stored row as read: the opening's columns and its clinic's time zone. */
export type OpeningRow = Pick<
  OpeningModel,
  | 'id'
  | 'organization_id'
  | 'clinic_id'
  | 'provider_id'
  | 'start'
  | 'end'
  | 'duration_minutes'
  | 'appointment_category_ids'
  | 'external_id'
  | 'released_by_patient_id'
  | 'status'
  | 'created_at'
  | 'created_by'
  | 'status_change_id'
> & { readonly timezone: string }

const Stored = t.type({
  organization_id: t.string,
  timezone: TimeZone,
  status_change_id: t.union([t.string, t.null]),
  opening: OpeningPayload,
})

/** Rows come from our own tables, but one that breaks the contract is a fault to surface, not to pass on. */
export const toStoredOpening = (row: OpeningRow): StoredOpening => {
  const decoded = Stored.decode({
    organization_id: row.organization_id,
    timezone: row.timezone,
    status_change_id: row.status_change_id,
    opening: {
      id: row.id,
      clinic_id: row.clinic_id,
      provider_id: row.provider_id,
      start: row.start.toISOString(),
      end: row.end.toISOString(),
      duration_minutes: row.duration_minutes,
      appointment_category_ids: row.appointment_category_ids ?? [],
      external_id: row.external_id,
      released_by_patient_id: row.released_by_patient_id,
      status: row.status,
      created_at: row.created_at.toISOString(),
      created_by: row.created_by,
    },
  })
  if (E.isLeft(decoded)) throw new Error(`stored opening ${row.id} does not match its contract`)
  return decoded.right
}
