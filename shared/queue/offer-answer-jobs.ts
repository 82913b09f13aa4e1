import * as t from 'io-ts'
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import { sequenceS } from 'fp-ts/Apply'
import { Actor } from '../auth/actor'
import { isRecord } from '../codecs/input-guards'
import { FieldErrors, decodeWithFieldErrors, validation, type Validation } from '../errors/field-error'
import { DeclineOffer } from '../offers/offer-answer'
import { OfferId } from '../offers/offer-id'
import { Booking, OfferPayload } from '../offers/offer-payload'
import { ChangeId } from './withdraw-opening-job'

/**
 * `POST /apis/v1/offers/{id}/accept` and `…/decline` as jobs
 * (docs/queue-contract.md): a patient's answer, or staff's on the patient's
 * behalf. Integrations may add them straight to Redis, so the worker decodes
 * and judges all of it.
 */
export const ACCEPT_OFFER_JOB_NAME = 'accept-offer'
export const DECLINE_OFFER_JOB_NAME = 'decline-offer'

/** Who answers which offer, and an id of this one answer chosen before enqueueing, so a rerun answers once. */
const AnswerEnvelope = t.type({ version: t.literal(1), change_id: ChangeId, offer_id: OfferId, actor: Actor })
export type AnswerEnvelope = t.TypeOf<typeof AnswerEnvelope>

export const AcceptOfferJobData = t.exact(AnswerEnvelope)
export type AcceptOfferJobDataInput = t.OutputOf<typeof AcceptOfferJobData>

/** Decoded as its envelope and its body apart (decodeDeclineJob), each by its own codec; this is its shape as sent. */
export const DeclineOfferJobData = t.exact(t.intersection([AnswerEnvelope, t.type({ body: DeclineOffer })]))
export type DeclineOfferJobDataInput = t.OutputOf<typeof DeclineOfferJobData>

export const acceptOfferJobId = (changeId: ChangeId): string => `accept-offer-${changeId}`
export const declineOfferJobId = (changeId: ChangeId): string => `decline-offer-${changeId}`

export const decodeAcceptJob = (data: unknown): Validation<AnswerEnvelope> =>
  decodeWithFieldErrors(AcceptOfferJobData)(data)

/** The envelope and the body each by its own codec, so every failure of both is reported at once. */
export const decodeDeclineJob = (data: unknown): Validation<AnswerEnvelope & { readonly body: DeclineOffer }> =>
  pipe(
    sequenceS(validation)({
      envelope: decodeWithFieldErrors(AnswerEnvelope)(data),
      body: decodeWithFieldErrors(DeclineOffer)(isRecord(data) ? data['body'] : undefined),
    }),
    E.map(({ envelope, body }) => ({ ...envelope, body })),
  )

/**
 * Why an answer was refused: `invalid` job data, `not_found` no such offer
 * for this actor, `conflict` the offer or its slot has moved on. `forbidden`
 * completes the set every write's refusal is drawn from; no role is barred
 * from answering an offer it may see.
 */
const OfferRefusalReason = t.keyof({ invalid: null, forbidden: null, not_found: null, conflict: null })

const Rejected = t.type({ outcome: t.literal('rejected'), reason: OfferRefusalReason, errors: FieldErrors })

/** The offer ACCEPTED with the booking it made, or a refusal; refusals complete the job and are not retried. */
export const AcceptOfferJobResult = t.union([
  t.type({ outcome: t.literal('accepted'), offer: OfferPayload, booking: Booking }),
  Rejected,
])
export type AcceptOfferJobResult = t.TypeOf<typeof AcceptOfferJobResult>

export const DeclineOfferJobResult = t.union([
  t.type({ outcome: t.literal('declined'), offer: OfferPayload }),
  Rejected,
])
export type DeclineOfferJobResult = t.TypeOf<typeof DeclineOfferJobResult>
