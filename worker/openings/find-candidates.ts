import * as E from 'fp-ts/Either'
import * as O from 'fp-ts/Option'
import * as t from 'io-ts'
import { QueryTypes, type Transaction } from 'sequelize'
import { CandidateRequest, explainFit, rankCandidates, type FitAnswer } from '../../shared/openings/candidates'
import { recentOffersSince, type Candidate, type EndedOffer } from '../../shared/openings/rank'
import { slotFacts, type OpeningAtClinic } from '../../shared/openings/slot-facts'
import type { Database } from '../db/connection'

/**
 * The offers a set of patients declined or let lapse that ended at `since` or
 * later: how the offers store (worker/offers/patient-offers.ts) feeds `rank`'s
 * "recent declines" adjustment.
 */
export type RecentOffers = (patientIds: ReadonlyArray<string>, since: Date) => Promise<ReadonlyArray<EndedOffer>>

const COLUMNS = `id, clinic_id, patient_id, status, appointment_category_id, appointment_duration,
  preferred_providers, preferred_time_slots, preferred_days,
  to_char(date_range_start, 'YYYY-MM-DD') AS date_range_start, to_char(date_range_end, 'YYYY-MM-DD') AS date_range_end,
  priority, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at`

/*
 * Every fit rule (docs/matching.md) as SQL on the slot's facts, computed once
 * in the clinic's zone by `slotFacts`: no time zone arithmetic in the
 * database. It reads the clinic's ACTIVE requests whose range holds the local
 * date through waitlist_requests_active_clinic_range; `fit` judges each row
 * again, and a property test holds this to exactly `fit`'s answer.
 */
const PREFILTER = `SELECT ${COLUMNS} FROM waitlist_requests
  WHERE status = 'ACTIVE' AND clinic_id = $1
    AND date_range_start <= $2::date AND date_range_end >= $2::date
    AND (cardinality(preferred_providers) = 0 OR $3 = ANY (preferred_providers))
    AND (cardinality(preferred_days) = 0 OR $4 = ANY (preferred_days))
    AND (cardinality(preferred_time_slots) = 0 OR preferred_time_slots && $5::text[])
    AND (CASE WHEN cardinality($6::text[]) = 0 THEN appointment_duration <= $7 ELSE appointment_category_id = ANY ($6::text[]) END)
    AND ($8::text IS NULL OR patient_id <> $8)`

const CandidateRows = t.array(CandidateRequest)

const decodeRows = (rows: unknown): CandidateRequest[] => {
  const decoded = CandidateRows.decode(rows)
  if (E.isLeft(decoded)) throw new Error('a stored waitlist request does not match its contract')
  return decoded.right
}

/** The pre-filter's statement and parameters for one opening (the benchmark EXPLAINs it). */
export const candidatePrefilter = (opening: OpeningAtClinic): { readonly sql: string; readonly bind: unknown[] } => {
  const slot = slotFacts(opening)
  return {
    sql: PREFILTER,
    bind: [
      opening.clinic_id,
      slot.date,
      opening.provider_id,
      slot.weekday,
      slot.part_of_day === null ? ['ANYTIME'] : ['ANYTIME', slot.part_of_day],
      opening.appointment_category_ids,
      opening.duration_minutes,
      opening.released_by_patient_id,
    ],
  }
}

/** The requests that may fit an opening, found by SQL; exactly those `fit` accepts, in no order. */
export const selectCandidateRequests = async (
  db: Database,
  opening: OpeningAtClinic,
  transaction?: Transaction,
): Promise<CandidateRequest[]> => {
  const { sql, bind } = candidatePrefilter(opening)
  return decodeRows(await db.sequelize.query(sql, { bind, type: QueryTypes.SELECT, transaction }))
}

const offersOf = (recentOffers: RecentOffers, requests: ReadonlyArray<CandidateRequest>, now: Date) =>
  recentOffers([...new Set(requests.map((request) => request.patient_id))], recentOffersSince(now))

/** The ranked candidates of an opening: the pre-filter, then `fit` and `rank` on what it found. */
export const findRankedCandidates =
  (db: Database, recentOffers: RecentOffers) =>
  async (opening: OpeningAtClinic, now: Date, transaction?: Transaction): Promise<Candidate[]> => {
    const requests = await selectCandidateRequests(db, opening, transaction)
    return rankCandidates(requests, opening, await offersOf(recentOffers, requests, now), now)
  }

/**
 * Whether one request of the organization fits an opening, and why (none when
 * the organization has no such request): its place among the candidates, or
 * every rule it fails.
 */
export const explainCandidate =
  (db: Database, recentOffers: RecentOffers) =>
  async (
    opening: OpeningAtClinic & { readonly organization_id: string },
    requestId: string,
    now: Date,
  ): Promise<O.Option<FitAnswer>> => {
    const [found] = decodeRows(
      await db.sequelize.query(`SELECT ${COLUMNS} FROM waitlist_requests WHERE id = $1 AND organization_id = $2`, {
        bind: [requestId, opening.organization_id],
        type: QueryTypes.SELECT,
      }),
    )
    if (found === undefined) return O.none
    const others = await selectCandidateRequests(db, opening)
    const offers = await offersOf(recentOffers, [found, ...others], now)
    return O.some(explainFit(found, others, opening, offers, now))
  }
