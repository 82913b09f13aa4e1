import * as E from 'fp-ts/Either'
import type { Middleware } from 'koa'
import type { Actor } from '../../shared/auth/actor'
import { jsonBody } from '../../shared/codecs/json-body'
import { decodeWithFieldErrors, type Validation } from '../../shared/errors/field-error'
import { linkedOffer, type AcceptedOffer, type OfferLinks } from '../../shared/offers/linked-offer'
import { DeclineOffer, offerNotFound, type Answer } from '../../shared/offers/offer-answer'
import { OfferId } from '../../shared/offers/offer-id'
import type { AuthenticatedState } from '../middleware/authenticate'
import { runOfferAnswer, type OfferAnswerRequest } from '../offers/run-offer-answer'
import type { JobClient } from '../queue/job-client'
import { acceptedAnswer, answerRefusal, answerSuccess, respond } from '../http/answers'
import { offerLocation } from './read-offers'
import { answerInvalid } from './refusal-answers'
import { pathId, requestBody } from './update-answer'

/** An acceptance says nothing but "yes": a body, when sent, is a JSON object whose fields are ignored. */
export const AcceptOffer = jsonBody('AcceptOffer', {})

/** The answer as the job carries it, the body judged by its codec (every failure a 400 naming its field). */
const answerRequest = (
  answer: Answer,
  offerId: OfferId,
  actor: Actor,
  sent: unknown,
): Validation<OfferAnswerRequest> =>
  answer === 'accept'
    ? E.map(() => ({ answer, offerId, actor }))(decodeWithFieldErrors(AcceptOffer)(sent))
    : E.map((body: DeclineOffer) => ({ answer, offerId, actor, body }))(decodeWithFieldErrors(DeclineOffer)(sent))

const WHAT: Readonly<Record<Answer, string>> = { accept: 'the acceptance', decline: 'the decline' }

/**
 * `POST /apis/v1/offers/{id}/accept` and `…/decline`: by the offer's patient,
 * or staff of its organization on the patient's behalf. A job like every
 * write, judged by the worker's one rule (the patient's offer page answers
 * through the same job): 200 with the offer (an acceptance's with its
 * booking), 409 when the slot is gone or the offer has ended (its status
 * named), 404 for anyone else, 202 with the offer's Location when the job
 * outlives the wait.
 */
export const answerOffer =
  (answer: Answer, jobs: JobClient, links: OfferLinks): Middleware<AuthenticatedState> =>
  async (ctx) => {
    const id = pathId(ctx)
    if (!OfferId.is(id)) return answerRefusal(ctx, offerNotFound)
    const request = answerRequest(answer, id, ctx.state.actor, requestBody(ctx))
    if (E.isLeft(request)) return answerInvalid(ctx, request.left)
    const ran = await runOfferAnswer(ctx, jobs, request.right)
    if (ran.outcome.kind === 'pending') return respond(ctx, acceptedAnswer(id, offerLocation(id), WHAT[answer]))
    const result = ran.outcome.result
    if (result.outcome === 'rejected') return answerRefusal(ctx, result)
    const offer = linkedOffer(links)(result.offer)
    if (result.outcome === 'accepted') {
      const accepted: AcceptedOffer = { ...offer, booking: result.booking }
      return answerSuccess(ctx, 200, accepted)
    }
    answerSuccess(ctx, 200, offer)
  }
