import * as t from 'io-ts'
import * as E from 'fp-ts/Either'
import { RequestId } from '../codecs/request-id'
import { Identifier } from '../codecs/identifier'
import { optional } from '../codecs/optional'
import { withMessage } from '../codecs/with-message'
import { WaitlistRequestPayload } from '../waitlist-request/waitlist-request-payload'
import { fit } from './fit'
import { Candidate, rank, type EndedOffer, type RankCandidate } from './rank'
import { OpeningId } from './opening-id'
import { Reason } from './reasons'
import type { OpeningAtClinic } from './slot-facts'

const payload = WaitlistRequestPayload.types[0].props

/** What matching reads of a stored request: what `fit` judges and what `rank` orders by, nothing more. */
export const CandidateRequest = t.type({
  id: payload.id,
  clinic_id: payload.clinic_id,
  patient_id: payload.patient_id,
  status: payload.status,
  appointment_category_id: payload.appointment_category_id,
  appointment_duration: payload.appointment_duration,
  preferred_providers: payload.preferred_providers,
  preferred_time_slots: payload.preferred_time_slots,
  preferred_days: payload.preferred_days,
  date_range_start: payload.date_range_start,
  date_range_end: payload.date_range_end,
  priority: payload.priority,
  created_at: payload.created_at,
})
export type CandidateRequest = t.TypeOf<typeof CandidateRequest>

/** Every request that fits, with the rules it met; the others are left out. */
const fitting = (requests: ReadonlyArray<CandidateRequest>, opening: OpeningAtClinic): RankCandidate[] =>
  requests.flatMap((request) => {
    const verdict = fit(request, opening)
    return E.isRight(verdict) ? [{ request, reasons: verdict.right }] : []
  })

/**
 * The ranked candidates of an opening (docs/matching.md) from the requests a
 * pre-filter found: each judged by `fit` (so the pre-filter may only narrow
 * the search, never decide), then ordered by `rank`.
 */
export const rankCandidates = (
  requests: ReadonlyArray<CandidateRequest>,
  opening: OpeningAtClinic,
  recentOffers: ReadonlyArray<EndedOffer>,
  now: Date,
): Candidate[] => rank(fitting(requests, opening), recentOffers, { provider_id: opening.provider_id, now })

/**
 * Why one request does or does not fit an opening: its place and every reason
 * when it fits, every rule it fails when it does not. The answer of
 * `GET /apis/v1/openings/{id}/candidates?request_id=…`.
 */
export const FitAnswer = t.type({
  request_id: RequestId,
  patient_id: Identifier,
  fits: t.boolean,
  /** Its place among the candidates; null when it does not fit. */
  rank: t.union([t.number, t.null]),
  reasons: t.array(Reason),
})
export type FitAnswer = t.TypeOf<typeof FitAnswer>

/**
 * Answers for `request` against the candidates the pre-filter found: ranked
 * among them when it fits (it is added to them if absent, so its place never
 * depends on the pre-filter), else every failed rule.
 */
export const explainFit = (
  request: CandidateRequest,
  others: ReadonlyArray<CandidateRequest>,
  opening: OpeningAtClinic,
  recentOffers: ReadonlyArray<EndedOffer>,
  now: Date,
): FitAnswer => {
  const verdict = fit(request, opening)
  const answer = { request_id: request.id, patient_id: request.patient_id }
  if (E.isLeft(verdict)) return { ...answer, fits: false, rank: null, reasons: verdict.left }
  const all = [request, ...others.filter((other) => other.id !== request.id)]
  const place = rankCandidates(all, opening, recentOffers, now).find((entry) => entry.request_id === request.id)
  return { ...answer, fits: true, rank: place?.rank ?? null, reasons: place?.reasons ?? [...verdict.right] }
}

/** The answer of `GET /apis/v1/openings/{id}/candidates`: every request that fits, in the order offers go out. */
export const CandidateList = t.type({ opening_id: OpeningId, items: t.array(Candidate) })
export type CandidateList = t.TypeOf<typeof CandidateList>

/** Its query: with `request_id`, the answer is about that one request instead. */
export const CandidatesQuery = t.type({
  request_id: withMessage(optional(RequestId), () => 'request_id must be a waitlist request id'),
})
