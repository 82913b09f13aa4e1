import type { Instant } from './instant'
import type { Candidate, OfferStatus } from './round-state'

/**
 * What the round machine must know of a candidate's patient beyond the
 * opening in hand (docs/offer-policy.md, "Who is offered"), worked out from
 * the patient's offers: the worker reads them from PostgreSQL, the simulator
 * keeps them in memory, and both judge them here.
 */
export type PatientFacts = Pick<Candidate, 'offersInLastDay' | 'holdsPendingOffer'>

/** One offer a patient was sent, as far as their facts go. */
export interface SentOffer {
  readonly openingId: string
  readonly status: OfferStatus
  readonly createdAt: Instant
}

/** The daily cap counts the offers sent in this long before now. */
const CAP_WINDOW_MS = 24 * 60 * 60 * 1000

/** The earliest creation of an offer that still counts towards the daily cap at `now`: later, not at. */
export const capWindowStart = (now: Instant): Instant => now - CAP_WINDOW_MS

export const NO_OFFERS: PatientFacts = { offersInLastDay: 0, holdsPendingOffer: false }

/**
 * A patient's facts at `now`, judged for `openingId`: a PENDING offer for
 * that same opening is the machine's own business, so only one elsewhere
 * holds the patient back. Offers neither recent nor PENDING change nothing,
 * so a caller may leave them out.
 */
export const patientFacts = (offers: ReadonlyArray<SentOffer>, openingId: string, now: Instant): PatientFacts => {
  const since = capWindowStart(now)
  let offersInLastDay = 0
  let holdsPendingOffer = false
  for (const offer of offers) {
    if (offer.createdAt > since) offersInLastDay += 1
    if (offer.status === 'PENDING' && offer.openingId !== openingId) holdsPendingOffer = true
  }
  return { offersInLastDay, holdsPendingOffer }
}
