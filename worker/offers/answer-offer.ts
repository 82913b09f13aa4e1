import type { RequestId } from '../../shared/codecs/request-id'
import * as E from 'fp-ts/Either'
import { noticeLimit } from '../../shared/offers/hold-window'
import {
  answerConflict,
  beforeNoticeLimit,
  mayAnswer,
  offerNotFound,
  repeatsAnswer,
  requestNotActive,
  type AnswerRefusal,
} from '../../shared/offers/offer-answer'
import type { Booking, OfferPayload } from '../../shared/offers/offer-payload'
import type { AnswerEnvelope } from '../../shared/queue/offer-answer-jobs'
import { fulfillmentChanges } from '../../shared/waitlist-request/end-request'
import { BookedAppointment } from '../../shared/waitlist-request/waitlist-request-payload'
import type { Database } from '../db/connection'
import { toStored } from '../db/waitlist-request-rows'
import { writeDecision } from '../waitlist-requests/update-waitlist-request'
import { toBooking, toOfferPayload, type LockedOpening, type OfferRow } from './locked-opening'
import { answerOffer } from './offer-writes'
import { withdrawRequestOffers, type OfferRounds } from './offer-rounds'
import { applyRoundEvent, keepTimers, type RoundDeps, type RoundScope } from './round-engine'

export type Answered<A> =
  { readonly outcome: 'refused'; readonly refusal: AnswerRefusal } | ({ readonly outcome: 'answered' } & A)

const refused = (refusal: AnswerRefusal) => ({ outcome: 'refused' as const, refusal })

/** The offer the actor may answer, read without a lock: only its opening, request and owners are used, none of which change. */
const findAnswerable = async (db: Database, job: AnswerEnvelope) => {
  const offer = await db.models.Offer.findByPk(job.offer_id, {
    attributes: ['id', 'opening_id', 'request_id', 'patient_id', 'organization_id'],
    raw: true,
  })
  return offer !== null && mayAnswer(job.actor, offer) ? offer : undefined
}

const currentOffer = (opening: LockedOpening, offerId: string): OfferRow => {
  const offer = opening.offers.find((row) => row.id === offerId)
  if (offer === undefined) throw new Error(`offer ${offerId} is not among its opening's offers`)
  return offer
}

/** The request FULFILLED by the offer, with a history entry naming it and whoever accepted, in the same transaction. */
const fulfil = async (
  db: Database,
  scope: RoundScope,
  input: { readonly job: AnswerEnvelope; readonly offer: OfferRow; readonly opening: LockedOpening },
): Promise<void> => {
  const { job, offer, opening } = input
  const row = await db.models.WaitlistRequest.findByPk(offer.request_id, { transaction: scope.transaction })
  if (row === null) throw new Error(`request ${offer.request_id} of offer ${offer.id} is gone`)
  const stored = await toStored(db, row, scope.transaction)
  const decoded = BookedAppointment.decode({ id: opening.stored.opening.id, start: opening.stored.opening.start })
  if (E.isLeft(decoded)) throw new Error(`opening ${opening.stored.opening.id} is no appointment`)
  const appointment = decoded.right
  await writeDecision(
    db,
    scope.transaction,
    row,
    {
      request_id: offer.request_id as RequestId,
      operation_id: job.change_id,
      by: { sub: job.actor.sub, role: job.actor.role },
      at: scope.now,
    },
    {
      event: 'fulfilled',
      appointment,
      changes: [
        ...fulfillmentChanges(stored.request, appointment),
        { field: 'offer_id', before: null, after: offer.id },
      ],
    },
  )
}

/** Whether the opening is still before its notice limit by its organization's policy as it is now. */
const withinNotice = async (deps: RoundDeps, scope: RoundScope, opening: LockedOpening): Promise<boolean> =>
  beforeNoticeLimit(
    scope.now,
    noticeLimit(await deps.policyFor(opening.stored.organization_id, scope.transaction), opening.rounds.slotStart),
  )

/**
 * The first acceptance of a PENDING offer within its hold wins, in one
 * transaction holding the opening, then the request: the guarded write to
 * the offer decides, then the machine fills the opening with its booking and
 * withdraws the opening's other PENDING offers, the request is FULFILLED, and
 * the request's PENDING offers elsewhere are withdrawn through their own
 * openings. Every later or concurrent acceptance finds the offer no longer
 * PENDING and changes nothing. The same answer again, by the same job or
 * the same person (repeatsAnswer), answers as it did.
 */
export const acceptOffer =
  (deps: RoundDeps, rounds: OfferRounds) =>
  async (job: AnswerEnvelope): Promise<Answered<{ offer: OfferPayload; booking: Booking }>> => {
    const found = await findAnswerable(deps.db, job)
    if (found === undefined) return refused(offerNotFound)
    return rounds.withRequest(found.request_id, found.opening_id, async (scope, openings) => {
      const opening = openings.get(found.opening_id)
      if (opening === undefined) throw new Error(`opening ${found.opening_id} of offer ${found.id} is gone`)
      const offer = currentOffer(opening, found.id)
      if (repeatsAnswer('accept', job.actor, offer) && opening.booking !== null) {
        await keepTimers(deps, scope, opening)
        return { outcome: 'answered' as const, offer: toOfferPayload(offer, opening.slot), booking: opening.booking }
      }
      const request = await deps.db.models.WaitlistRequest.findByPk(offer.request_id, {
        attributes: ['status', 'appointment_category_id'],
        transaction: scope.transaction,
        raw: true,
      })
      if (request === null) throw new Error(`request ${offer.request_id} of offer ${offer.id} is gone`)
      const answerable = offer.status === 'PENDING' && offer.expires_at > scope.now
      if (answerable && !(await withinNotice(deps, scope, opening)))
        return refused(answerConflict('accept', toOfferPayload(offer, opening.slot), opening.stored.opening))
      if (answerable && request.status !== 'ACTIVE') return refused(requestNotActive(request.status))
      const accepted = await answerOffer(deps.db, scope.transaction, {
        offerId: offer.id,
        status: 'ACCEPTED',
        at: scope.now,
        by: job.actor.sub,
        changeId: job.change_id,
        declineReason: null,
      })
      if (accepted === undefined)
        return refused(answerConflict('accept', toOfferPayload(offer, opening.slot), opening.stored.opening))
      const booking = {
        offerId: offer.id,
        requestId: offer.request_id,
        patientId: offer.patient_id,
        categoryId: request.appointment_category_id,
        at: scope.now,
        by: job.actor.sub,
      }
      await applyRoundEvent(
        deps,
        scope,
        opening,
        () => ({ type: 'offer-accepted', requestId: offer.request_id }),
        booking,
      )
      await fulfil(deps.db, scope, { job, offer, opening })
      const elsewhere = [...openings.values()].filter((other) => other !== opening)
      await withdrawRequestOffers(deps, scope, elsewhere, offer.request_id)
      return {
        outcome: 'answered' as const,
        offer: toOfferPayload(accepted, opening.slot),
        booking: toBooking(
          {
            booked_offer_id: booking.offerId,
            booked_request_id: booking.requestId,
            booked_patient_id: booking.patientId,
            booked_category_id: booking.categoryId,
            booked_at: booking.at,
            booked_by: booking.by,
          },
          opening.stored,
        ),
      }
    })
  }

/**
 * A decline keeps the request ACTIVE; the machine announces it and, when no
 * offer of the round is left waiting, starts the next round at once.
 */
export const declineOffer =
  (deps: RoundDeps, rounds: OfferRounds) =>
  async (
    job: AnswerEnvelope & { readonly body: { readonly reason?: string } },
  ): Promise<Answered<{ offer: OfferPayload }>> => {
    const found = await findAnswerable(deps.db, job)
    if (found === undefined) return refused(offerNotFound)
    const answer = await rounds.withOpening(found.opening_id, async (scope, opening) => {
      const offer = currentOffer(opening, found.id)
      if (repeatsAnswer('decline', job.actor, offer)) {
        await keepTimers(deps, scope, opening)
        return { outcome: 'answered' as const, offer: toOfferPayload(offer, opening.slot) }
      }
      if (offer.status === 'PENDING' && !(await withinNotice(deps, scope, opening)))
        return refused(answerConflict('decline', toOfferPayload(offer, opening.slot), opening.stored.opening))
      const declined = await answerOffer(deps.db, scope.transaction, {
        offerId: offer.id,
        status: 'DECLINED',
        at: scope.now,
        by: job.actor.sub,
        changeId: job.change_id,
        declineReason: job.body.reason ?? null,
      })
      if (declined === undefined)
        return refused(answerConflict('decline', toOfferPayload(offer, opening.slot), opening.stored.opening))
      await applyRoundEvent(deps, scope, opening, (candidates) => ({
        type: 'offer-declined',
        requestId: offer.request_id,
        candidates,
      }))
      return { outcome: 'answered' as const, offer: toOfferPayload(declined, opening.slot) }
    })
    if (answer === undefined) throw new Error(`opening ${found.opening_id} of offer ${found.id} is gone`)
    return answer
  }
