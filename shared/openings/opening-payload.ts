import * as t from 'io-ts'
import { Identifier } from '../codecs/identifier'
import { Timestamp } from '../codecs/timestamp'
import { SlotMinutes, type ValidOpening } from './create-opening'
import { OpeningId } from './opening-id'

/** OPEN until an offer is accepted (FILLED), staff filled it another way (WITHDRAWN) or it began unfilled (EXPIRED). */
export const OpeningStatus = t.keyof({ OPEN: null, FILLED: null, WITHDRAWN: null, EXPIRED: null }, 'OpeningStatus')

/**
 * A stored opening as clients see it: the `data` of a 201. Times are UTC
 * RFC 3339 with milliseconds, as every time we return; optional fields the
 * body left out are `null`, and no categories means any whose duration fits.
 */
export const OpeningPayload = t.type({
  id: OpeningId,
  clinic_id: Identifier,
  provider_id: Identifier,
  start: Timestamp,
  end: Timestamp,
  duration_minutes: SlotMinutes,
  appointment_category_ids: t.array(Identifier),
  external_id: t.union([Identifier, t.null]),
  released_by_patient_id: t.union([Identifier, t.null]),
  status: OpeningStatus,
  created_at: Timestamp,
  created_by: t.string,
})
export type OpeningPayload = t.TypeOf<typeof OpeningPayload>

const MINUTE_MS = 60_000

/**
 * A new opening from a body that passed every rule: the end is the start plus
 * the duration as elapsed time, so a slot spanning a clock change still lasts
 * `duration_minutes`.
 */
export const newOpening = (input: {
  readonly id: OpeningId
  readonly opening: ValidOpening
  readonly created_by: string
  readonly now: Date
}): OpeningPayload => {
  const { opening } = input
  const end = new Date(Date.parse(opening.start) + opening.duration_minutes * MINUTE_MS)
  return {
    id: input.id,
    clinic_id: opening.clinic_id,
    provider_id: opening.provider_id,
    start: opening.start,
    end: end.toISOString() as Timestamp,
    duration_minutes: opening.duration_minutes,
    appointment_category_ids: opening.appointment_category_ids,
    external_id: opening.external_id ?? null,
    released_by_patient_id: opening.released_by_patient_id ?? null,
    status: 'OPEN',
    created_at: input.now.toISOString() as Timestamp,
    created_by: input.created_by,
  }
}
