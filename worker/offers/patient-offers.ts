import { QueryTypes, type Transaction } from 'sequelize'
import type { EndedOffer } from '../../shared/openings/rank'
import type { Database } from '../db/connection'

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
       WHERE patient_id = ANY ($1::text[]) AND status IN ('DECLINED', 'EXPIRED') AND ended_at >= $2`,
      { bind: [patientIds, since], type: QueryTypes.SELECT, transaction },
    )
  }

/** What the round machine must know of a candidate's patient that only storage knows. */
export interface PatientFacts {
  /** Offers sent to the patient, for any opening, in the 24 hours before now. */
  readonly offersInLastDay: number
  /** Whether the patient holds a PENDING offer for another opening. */
  readonly holdsPendingOffer: boolean
}

const NO_OFFERS: PatientFacts = { offersInLastDay: 0, holdsPendingOffer: false }

/** Each patient's facts at `now`, for one opening; a patient never offered anything has none of either. */
export const findPatientFacts = async (
  db: Database,
  transaction: Transaction,
  input: { readonly patientIds: ReadonlyArray<string>; readonly openingId: string; readonly now: Date },
): Promise<(patientId: string) => PatientFacts> => {
  const rows =
    input.patientIds.length === 0
      ? []
      : await db.sequelize.query<{ patient_id: string; last_day: number; holds: boolean }>(
          `SELECT patient_id,
             count(*) FILTER (WHERE created_at > $3::timestamptz - interval '1 day')::int AS last_day,
             coalesce(bool_or(status = 'PENDING' AND opening_id <> $2), false) AS holds
           FROM offers
           WHERE patient_id = ANY ($1::text[]) AND (created_at > $3::timestamptz - interval '1 day' OR status = 'PENDING')
           GROUP BY patient_id`,
          { bind: [input.patientIds, input.openingId, input.now], type: QueryTypes.SELECT, transaction },
        )
  const facts = new Map(
    rows.map((row): [string, PatientFacts] => [
      row.patient_id,
      { offersInLastDay: row.last_day, holdsPendingOffer: row.holds },
    ]),
  )
  return (patientId) => facts.get(patientId) ?? NO_OFFERS
}
