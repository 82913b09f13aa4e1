import * as t from 'io-ts'
import type { Actor } from '../auth/actor'
import { optional } from '../codecs/optional'
import { jsonBody, optionalField } from '../codecs/json-body'
import { STORABLE_TEXT_RULE, storedText } from '../codecs/stored-text'
import type { FieldErrors } from '../errors/field-error'
import type { OpeningPayload } from '../openings/opening-payload'
import { mayRead } from '../waitlist-request/read-access'
import type { Instant } from './instant'
import type { OfferStatus } from './offer-payload'

const DECLINE_REASON_MAX_LENGTH = 500

interface DeclineReasonBrand {
  readonly DeclineReason: unique symbol
}

const DeclineReason = storedText<DeclineReasonBrand, 'DeclineReason'>('DeclineReason', {
  maxLength: DECLINE_REASON_MAX_LENGTH,
  nonBlank: true,
})

/** The body of a decline: why, if the patient says (an empty body declines without a reason). */
export const DeclineOffer = jsonBody('DeclineOffer', {
  reason: optionalField(
    'reason',
    optional(DeclineReason),
    `must be a non-blank string of at most ${DECLINE_REASON_MAX_LENGTH} characters, ${STORABLE_TEXT_RULE}`,
  ),
})
export type DeclineOffer = t.TypeOf<typeof DeclineOffer>

export type Answer = 'accept' | 'decline'

/** Why an answer is refused, in the domain's words; the edge maps each reason to its HTTP status. */
export interface AnswerRefusal {
  readonly reason: 'not_found' | 'conflict'
  readonly errors: FieldErrors
}

const OFFER_NOT_FOUND = 'offer not found'
export const SLOT_NO_LONGER_AVAILABLE = 'this slot is no longer available'

/** Whose offer it is, as far as answering it goes. */
interface OfferOwner {
  readonly organization_id: string
  readonly patient_id: string
}

/**
 * The offer's patient answers it, or staff of its organization on the
 * patient's behalf (a phone call); anyone else is answered exactly as for an
 * offer that does not exist, as for waitlist requests.
 */
export const mayAnswer = (actor: Actor, owner: OfferOwner): boolean => mayRead(actor, owner)

export const offerNotFound: AnswerRefusal = { reason: 'not_found', errors: [{ field: 'id', message: OFFER_NOT_FOUND }] }

const PAST_TENSE: Record<Answer, string> = { accept: 'accepted', decline: 'declined' }

const ANSWERED: Record<Answer, OfferStatus> = { accept: 'ACCEPTED', decline: 'DECLINED' }

/**
 * Whether this answer was given already by the same person (the token's
 * `sub`): the same job run again, or a patient's app sending it again after
 * a lost response or a second tap. It is answered as it was the first time,
 * not refused; anyone else is told the offer's status (answerConflict).
 */
export const repeatsAnswer = (
  answer: Answer,
  actor: Pick<Actor, 'sub'>,
  offer: { readonly status: string; readonly responded_by: string | null },
): boolean => offer.status === ANSWERED[answer] && offer.responded_by === actor.sub

/**
 * Whether the slot may still be answered for at `now`: before its notice limit. An offer's hold never runs past the
 * limit it was made under, but an organization that raised `min_notice_minutes` since has moved the limit closer;
 * an answer after it would book, or decline, a slot the rounds have already given up (the opening expires).
 */
export const beforeNoticeLimit = (now: Date, limit: Instant): boolean => now.getTime() < limit

/**
 * Why an answer did not take, judged on the offer and its opening as they
 * are once the guarded write found nothing to change: the slot is gone when
 * another patient booked it or staff withdrew it; otherwise the offer's own
 * status is named (an offer still PENDING past its hold is EXPIRED, only not
 * yet marked so).
 */
export const answerConflict = (
  answer: Answer,
  offer: { readonly status: OfferStatus },
  opening: Pick<OpeningPayload, 'status'>,
): AnswerRefusal => {
  const gone = (opening.status === 'FILLED' || opening.status === 'WITHDRAWN') && offer.status !== 'ACCEPTED'
  const status = offer.status === 'PENDING' ? 'EXPIRED' : offer.status
  const message = gone
    ? SLOT_NO_LONGER_AVAILABLE
    : `offer is ${status}: only a PENDING offer within its hold can be ${PAST_TENSE[answer]}`
  return { reason: 'conflict', errors: [{ field: 'status', message }] }
}

/**
 * Ending a request withdraws its offers in the same transaction, so an offer
 * still PENDING has an ACTIVE request; should the two ever disagree, the
 * acceptance is refused rather than booking for an ended request.
 */
export const requestNotActive = (status: string): AnswerRefusal => ({
  reason: 'conflict',
  errors: [
    { field: 'status', message: `the waitlist request is ${status}: only an ACTIVE request's offer can be accepted` },
  ],
})
