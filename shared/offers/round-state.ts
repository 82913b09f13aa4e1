import type { Instant } from './instant'
import type { OfferDomainEvent } from './offer-events'

/**
 * The offer rounds of one opening as the pure machine sees them
 * (docs/offer-policy.md, "Rounds"). The worker rebuilds this from the opening
 * and its offers; the simulator keeps it in memory.
 */

export type OpeningStatus = 'OPEN' | 'FILLED' | 'EXPIRED' | 'WITHDRAWN'
export type OfferStatus = 'PENDING' | 'ACCEPTED' | 'DECLINED' | 'EXPIRED' | 'WITHDRAWN'

export interface OfferRecord {
  readonly requestId: string
  readonly patientId: string
  readonly round: number
  readonly status: OfferStatus
  readonly expiresAt: Instant
}

/** Where the rounds stand; `round` counts the rounds started, or names the one waiting to start. */
export type RoundPhase =
  | { readonly kind: 'new' }
  /** Round `round` starts at `startsAt`, once the offer delay or quiet hours are over. */
  | { readonly kind: 'waiting'; readonly round: number; readonly startsAt: Instant }
  | { readonly kind: 'live'; readonly round: number; readonly endsAt: Instant }
  /** No live round: the opening waits for candidates, or is no longer OPEN. */
  | { readonly kind: 'idle'; readonly round: number }

export interface OpeningRounds {
  readonly openingId: string
  readonly slotStart: Instant
  readonly status: OpeningStatus
  readonly phase: RoundPhase
  readonly offers: ReadonlyArray<OfferRecord>
}

export const newOpening = (openingId: string, slotStart: Instant): OpeningRounds => ({
  openingId,
  slotStart,
  status: 'OPEN',
  phase: { kind: 'new' },
  offers: [],
})

/** A request the caller ranked for this opening, with the facts about its patient that only storage knows. */
export interface Candidate {
  readonly requestId: string
  readonly patientId: string
  /** Offers the patient was sent, for any opening, in the 24 hours before now. */
  readonly offersInLastDay: number
  /** Whether the patient holds a PENDING offer for another opening. */
  readonly holdsPendingOffer: boolean
}

type Ranked = { readonly candidates: ReadonlyArray<Candidate> }

/**
 * What happened. Events that may start a round carry the ranked candidates
 * (best first); the machine skips those it may not offer.
 */
export type RoundEvent =
  | ({ readonly type: 'opened' } & Ranked)
  | ({ readonly type: 'timer-fired'; readonly round: number } & Ranked)
  | { readonly type: 'notice-limit-reached' }
  | { readonly type: 'offer-accepted'; readonly requestId: string }
  | ({ readonly type: 'offer-declined'; readonly requestId: string } & Ranked)
  /** The request was changed, cancelled or fulfilled elsewhere: its offer here must not be accepted any more. */
  | ({ readonly type: 'request-withdrawn'; readonly requestId: string } & Ranked)
  | ({ readonly type: 'candidates-appeared' } & Ranked)
  | { readonly type: 'opening-withdrawn' }

export type Timer = { readonly kind: 'round'; readonly round: number } | { readonly kind: 'notice-limit' }

export interface NewOffer {
  readonly requestId: string
  readonly patientId: string
}

/** What the caller must carry out, in order, in the transaction that stores the new state. */
export type RoundEffect =
  | {
      readonly type: 'create-offers'
      readonly round: number
      readonly expiresAt: Instant
      readonly offers: ReadonlyArray<NewOffer>
    }
  /** A delayed job: one of the same name already waiting is the same timer. */
  | {
      readonly type: 'schedule-timer'
      readonly name: string
      readonly openingId: string
      readonly at: Instant
      readonly timer: Timer
    }
  | { readonly type: 'expire-offers'; readonly requestIds: ReadonlyArray<string> }
  | { readonly type: 'withdraw-offers'; readonly requestIds: ReadonlyArray<string> }
  | { readonly type: 'fill-opening'; readonly requestId: string; readonly patientId: string }
  | { readonly type: 'expire-opening' }
  | { readonly type: 'emit'; readonly event: OfferDomainEvent }

export type ScheduleTimer = Extract<RoundEffect, { readonly type: 'schedule-timer' }>

export interface StepResult {
  readonly state: OpeningRounds
  readonly effects: ReadonlyArray<RoundEffect>
}
