import * as t from 'io-ts'
import * as B from 'fp-ts/boolean'
import * as N from 'fp-ts/number'
import * as Ord from 'fp-ts/Ord'
import * as S from 'fp-ts/string'
import { concatAll } from 'fp-ts/Monoid'
import { pipe } from 'fp-ts/function'
import { Identifier } from '../codecs/identifier'
import { Priority } from '../codecs/priority'
import { RequestId } from '../codecs/request-id'
import type { WaitlistRequestPayload } from '../waitlist-request/waitlist-request-payload'
import { Reason, type FitReason } from './reasons'
import { noted } from '../schema/schema-notes'

const RECENT_OFFER_DAYS = 7
/** This many offers declined or let lapse within the window puts a patient behind those who have not. */
const DEMOTING_OFFERS = 2

const DAY_MS = 24 * 60 * 60 * 1000

/** The earliest end of an offer that still counts against a patient at `now`: what to ask the offers store for. */
export const recentOffersSince = (now: Date): Date => new Date(now.getTime() - RECENT_OFFER_DAYS * DAY_MS)

/** What rank reads of a request that fits, with the rules it met. */
export interface RankCandidate {
  readonly request: Pick<
    WaitlistRequestPayload,
    'id' | 'patient_id' | 'priority' | 'created_at' | 'preferred_providers'
  >
  readonly reasons: ReadonlyArray<FitReason>
}

/** The ends of an offer that count against its patient: declined, or let lapse. */
export const DEMOTING_STATUSES: ReadonlyArray<string> = ['DECLINED', 'EXPIRED']

/** An offer a patient declined or let lapse (one of DEMOTING_STATUSES), and when it ended. */
export interface EndedOffer {
  readonly patient_id: string
  readonly ended_at: Date
}

const Rank = noted(
  t.refinement(t.number, (n) => Number.isInteger(n) && n >= 1, 'Rank'),
  {
    schema: { type: 'integer', minimum: 1 },
  },
)

/** One place in the ranked list, as `GET /apis/v1/openings/{id}/candidates` answers it. */
export const Candidate = t.type({
  rank: Rank,
  request_id: RequestId,
  patient_id: Identifier,
  priority: Priority,
  waiting_since: t.string,
  reasons: t.array(Reason),
})
export type Candidate = t.TypeOf<typeof Candidate>

interface Placed {
  readonly candidate: RankCandidate
  readonly recentEnded: number
  readonly demoted: boolean
  readonly waitingSince: number
  readonly namesProvider: boolean
}

/*
 * The clinic's waitlist order, priority 1 first and then the longest waiting,
 * with patients who keep turning offers down behind the rest and, among
 * requests otherwise equal, one naming this provider before one that takes
 * anyone; the id last, so the order is total and never depends on input order.
 */
const byPlace: Ord.Ord<Placed> = concatAll(Ord.getMonoid<Placed>())([
  pipe(
    B.Ord,
    Ord.contramap((placed: Placed) => placed.demoted),
  ),
  pipe(
    N.Ord,
    Ord.contramap((placed: Placed) => placed.candidate.request.priority),
  ),
  pipe(
    N.Ord,
    Ord.contramap((placed: Placed) => placed.waitingSince),
  ),
  pipe(
    B.Ord,
    Ord.contramap((placed: Placed) => !placed.namesProvider),
  ),
  pipe(
    S.Ord,
    Ord.contramap((placed: Placed) => placed.candidate.request.id),
  ),
])

const adjustments = (placed: Placed, providerId: Identifier): ReadonlyArray<Reason> => [
  ...(placed.demoted
    ? [
        {
          code: 'RECENT_DECLINES' as const,
          message: `declined or let lapse ${placed.recentEnded} offers in the last ${RECENT_OFFER_DAYS} days; placed behind patients who did not`,
        },
      ]
    : []),
  ...(placed.namesProvider
    ? [
        {
          code: 'NAMES_PROVIDER' as const,
          message: `names ${providerId}; placed before otherwise equal requests that take any provider`,
        },
      ]
    : []),
]

/**
 * The requests that fit an opening, in the order offers go out
 * (docs/matching.md). `recentOffers` are the candidates' patients' offers
 * declined or lapsed; those that ended less than seven days before `now`
 * count.
 */
export const rank = (
  candidates: ReadonlyArray<RankCandidate>,
  recentOffers: ReadonlyArray<EndedOffer>,
  context: { readonly provider_id: Identifier; readonly now: Date },
): Array<Candidate> => {
  const since = recentOffersSince(context.now).getTime()
  const ended = new Map<string, number>()
  for (const offer of recentOffers) {
    if (offer.ended_at.getTime() > since) ended.set(offer.patient_id, (ended.get(offer.patient_id) ?? 0) + 1)
  }
  const placed = candidates.map((candidate): Placed => {
    const recentEnded = ended.get(candidate.request.patient_id) ?? 0
    return {
      candidate,
      recentEnded,
      demoted: recentEnded >= DEMOTING_OFFERS,
      waitingSince: Date.parse(candidate.request.created_at),
      namesProvider: candidate.request.preferred_providers.includes(context.provider_id),
    }
  })
  return placed.sort(byPlace.compare).map((entry, index) => ({
    rank: index + 1,
    request_id: entry.candidate.request.id,
    patient_id: entry.candidate.request.patient_id,
    priority: entry.candidate.request.priority,
    waiting_since: entry.candidate.request.created_at,
    reasons: [...entry.candidate.reasons, ...adjustments(entry, context.provider_id)],
  }))
}
