import { QueryTypes, type Transaction } from 'sequelize'
import { DEMOTING_STATUSES, type EndedOffer } from '../../shared/openings/rank'
import type { OfferStatus } from '../../shared/offers/round-state'
import {
  capWindowStart,
  NO_OFFERS,
  patientFacts,
  type PatientFacts,
  type SentOffer,
} from '../../shared/offers/patient-facts'
import type { Database } from '../db/connection'

export type { PatientFacts }

// Written out, not bound: the planner then matches offers_patient_ended's predicate, which names the same statuses.
const DEMOTING = DEMOTING_STATUSES.map((status) => `'${status}'`).join(', ')

/**
 * The offers a set of patients declined or let lapse that ended at `since` or
 * later: what `rank`'s "recent declines" adjustment counts (docs/matching.md).
 * Read through offers_patient_ended.
 */
export const findRecentEndedOffers =
  (db: Database, transaction?: Transaction) =>
  async (patientIds: ReadonlyArray<string>, since: Date): Promise<ReadonlyArray<EndedOffer>> => {
    if (patientIds.length === 0) return []
    return db.sequelize.query<EndedOffer>(
      `SELECT patient_id, ended_at FROM offers
       WHERE patient_id = ANY ($1::text[]) AND status IN (${DEMOTING}) AND ended_at >= $2`,
      { bind: [patientIds, since], type: QueryTypes.SELECT, transaction },
    )
  }

interface SentOfferRow {
  readonly patient_id: string
  readonly opening_id: string
  readonly status: OfferStatus
  readonly created_at: Date
}

/**
 * Each patient's facts at `now`, for one opening, judged by `patientFacts` on
 * the only offers that can change them: those sent since the daily cap's
 * window began, and those still PENDING (a few a patient at most).
 */
export const findPatientFacts = async (
  db: Database,
  transaction: Transaction,
  input: { readonly patientIds: ReadonlyArray<string>; readonly openingId: string; readonly now: Date },
): Promise<(patientId: string) => PatientFacts> => {
  const rows =
    input.patientIds.length === 0
      ? []
      : await db.sequelize.query<SentOfferRow>(
          `SELECT patient_id, opening_id, status, created_at FROM offers
           WHERE patient_id = ANY ($1::text[]) AND (created_at > $2 OR status = 'PENDING')`,
          {
            bind: [input.patientIds, new Date(capWindowStart(input.now.getTime()))],
            type: QueryTypes.SELECT,
            transaction,
          },
        )
  const offers = new Map<string, SentOffer[]>()
  for (const row of rows) {
    const sent = { openingId: row.opening_id, status: row.status, createdAt: row.created_at.getTime() }
    offers.set(row.patient_id, [...(offers.get(row.patient_id) ?? []), sent])
  }
  const now = input.now.getTime()
  return (patientId) => {
    const sent = offers.get(patientId)
    return sent === undefined ? NO_OFFERS : patientFacts(sent, input.openingId, now)
  }
}
