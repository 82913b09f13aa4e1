import * as E from 'fp-ts/Either'
import { QueryTypes, type Transaction } from 'sequelize'
import type { StoredOpening } from '../../shared/openings/opening-access'
import { Booking, OfferPayload, OfferStatus, type OfferSlot } from '../../shared/offers/offer-payload'
import type { OfferRecord, OpeningRounds, RoundPhase } from '../../shared/offers/round-state'
import type { Database } from '../db/connection'
import type { OfferModel } from '../db/models/offer-model'
import type { OpeningModel } from '../db/models/opening-model'
import { toStoredOpening, type OpeningRow } from '../openings/opening-rows'

/** An offer row as read; `reasons` is jsonb. */
export type OfferRow = Pick<
  OfferModel,
  | 'id'
  | 'opening_id'
  | 'request_id'
  | 'patient_id'
  | 'organization_id'
  | 'status'
  | 'round'
  | 'rank'
  | 'reasons'
  | 'expires_at'
  | 'created_at'
  | 'responded_at'
  | 'responded_by'
  | 'response_id'
  | 'decline_reason'
>

type RoundColumns = Pick<OpeningModel, 'round_phase' | 'round' | 'round_at'>

/** The booking as its opening's row holds it. */
export type BookingColumns = Pick<
  OpeningModel,
  'booked_offer_id' | 'booked_request_id' | 'booked_patient_id' | 'booked_category_id' | 'booked_at' | 'booked_by'
>

/** An opening read with its clinic's zone and its provider's names: what an offer's slot shows. */
export type SlotRow = OpeningRow & {
  readonly provider_first_name: string
  readonly provider_last_name: string
  readonly provider_title: string
}

type LockedRow = SlotRow & RoundColumns & BookingColumns

/**
 * An opening held for update by this transaction: as stored, its slot as an
 * offer shows it, its offers, and the round machine's view of them.
 */
export interface LockedOpening {
  readonly stored: StoredOpening
  readonly slot: OfferSlot
  readonly offers: ReadonlyArray<OfferRow>
  readonly rounds: OpeningRounds
  /** Set exactly when the opening is FILLED. */
  readonly booking: Booking | null
}

const phaseOf = (row: RoundColumns): RoundPhase => {
  const at = row.round_at?.getTime()
  switch (row.round_phase) {
    case 'new':
      return { kind: 'new' }
    case 'idle':
      return { kind: 'idle', round: row.round }
    case 'waiting':
    case 'live':
      if (at === undefined) break
      return row.round_phase === 'waiting'
        ? { kind: 'waiting', round: row.round, startsAt: at }
        : { kind: 'live', round: row.round, endsAt: at }
  }
  throw new Error(`stored round phase ${row.round_phase} does not match its contract`)
}

/** The columns a phase is stored in. */
export const phaseColumns = (phase: RoundPhase) => {
  switch (phase.kind) {
    case 'new':
      return { round_phase: 'new', round: 0, round_at: null }
    case 'idle':
      return { round_phase: 'idle', round: phase.round, round_at: null }
    case 'waiting':
      return { round_phase: 'waiting', round: phase.round, round_at: new Date(phase.startsAt) }
    case 'live':
      return { round_phase: 'live', round: phase.round, round_at: new Date(phase.endsAt) }
  }
}

const toRecord = (row: OfferRow): OfferRecord => {
  if (!OfferStatus.is(row.status)) throw new Error(`stored offer ${row.id} does not match its contract`)
  return {
    requestId: row.request_id,
    patientId: row.patient_id,
    round: row.round,
    status: row.status,
    expiresAt: row.expires_at.getTime(),
  }
}

/** Rows come from our own tables, but one that breaks the contract is a fault to surface, not to pass on. */
export const toOfferPayload = (row: OfferRow, slot: OfferSlot): OfferPayload => {
  const decoded = OfferPayload.decode({
    id: row.id,
    opening_id: row.opening_id,
    request_id: row.request_id,
    patient_id: row.patient_id,
    status: row.status,
    round: row.round,
    rank: row.rank,
    reasons: row.reasons,
    expires_at: row.expires_at.toISOString(),
    created_at: row.created_at.toISOString(),
    responded_at: row.responded_at?.toISOString() ?? null,
    decline_reason: row.decline_reason,
    slot,
  })
  if (E.isLeft(decoded)) throw new Error(`stored offer ${row.id} does not match its contract`)
  return decoded.right
}

/** A booking as stored on its opening; the slot's provider and times are the opening's own. */
export const toBooking = (row: BookingColumns, stored: StoredOpening): Booking => {
  const decoded = Booking.decode({
    offer_id: row.booked_offer_id,
    request_id: row.booked_request_id,
    patient_id: row.booked_patient_id,
    provider_id: stored.opening.provider_id,
    start: stored.opening.start,
    end: stored.opening.end,
    appointment_category_id: row.booked_category_id,
    booked_at: row.booked_at?.toISOString(),
    booked_by: row.booked_by,
  })
  if (E.isLeft(decoded)) throw new Error(`the booking of opening ${stored.opening.id} does not match its contract`)
  return decoded.right
}

/** What a query selects to read the opening `o` as a `SlotRow`, and the joins that give it. */
export const SLOT_COLUMNS = `o.*, c.timezone, p.first_name AS provider_first_name, p.last_name AS provider_last_name,
  p.title AS provider_title`
export const SLOT_JOINS = 'JOIN clinics c ON c.id = o.clinic_id JOIN providers p ON p.id = o.provider_id'

const LOCK = `SELECT ${SLOT_COLUMNS} FROM openings o ${SLOT_JOINS} WHERE o.id = $1 FOR UPDATE OF o`

/** The slot as an offer shows it: times UTC, the clinic's zone beside, the provider by name. */
export const toOfferSlot = (row: SlotRow, stored: StoredOpening = toStoredOpening(row)): OfferSlot => {
  const { opening } = stored
  return {
    clinic_id: opening.clinic_id,
    provider: {
      id: opening.provider_id,
      first_name: row.provider_first_name,
      last_name: row.provider_last_name,
      title: row.provider_title,
    },
    start: opening.start,
    end: opening.end,
    duration_minutes: opening.duration_minutes,
    timezone: stored.timezone,
  }
}

export const OFFER_COLUMNS = `id, opening_id, request_id, patient_id, organization_id, status, round, rank, reasons,
  expires_at, created_at, responded_at, responded_by, response_id, decline_reason`

/**
 * Locks one opening for the rest of `transaction` and reads it with its
 * offers: every change to an opening's offers is made holding this lock, so
 * what is read here stays true until commit.
 */
export const lockOpening = async (
  db: Database,
  transaction: Transaction,
  openingId: string,
): Promise<LockedOpening | undefined> => {
  const [row] = await db.sequelize.query<LockedRow>(LOCK, {
    bind: [openingId],
    type: QueryTypes.SELECT,
    transaction,
  })
  if (row === undefined) return undefined
  const offers = await db.sequelize.query<OfferRow>(
    `SELECT ${OFFER_COLUMNS} FROM offers WHERE opening_id = $1 ORDER BY round, rank`,
    { bind: [openingId], type: QueryTypes.SELECT, transaction },
  )
  const stored = toStoredOpening(row)
  const { opening } = stored
  return {
    stored,
    slot: toOfferSlot(row, stored),
    offers,
    rounds: {
      openingId: opening.id,
      slotStart: Date.parse(opening.start),
      status: opening.status,
      phase: phaseOf(row),
      offers: offers.map(toRecord),
    },
    booking: row.booked_offer_id === null ? null : toBooking(row, stored),
  }
}
