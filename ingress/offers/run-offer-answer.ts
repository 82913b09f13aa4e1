import { randomUUID } from 'node:crypto'
import type { ParameterizedContext } from 'koa'
import type { Actor } from '../../shared/auth/actor'
import type { DeclineOffer } from '../../shared/offers/offer-answer'
import type { OfferId } from '../../shared/offers/offer-id'
import {
  ACCEPT_OFFER_JOB_NAME,
  AcceptOfferJobResult,
  DECLINE_OFFER_JOB_NAME,
  DeclineOfferJobResult,
  acceptOfferJobId,
  declineOfferJobId,
  type AcceptOfferJobDataInput,
  type DeclineOfferJobDataInput,
} from '../../shared/queue/offer-answer-jobs'
import type { ChangeId } from '../../shared/queue/withdraw-opening-job'
import type { JobClient, JobOutcome } from '../queue/job-client'
import { runJob } from '../routes/update-answer'

/**
 * An answer to an offer as a job, waited for like every write: the API's accept and decline routes and the
 * patient's offer page both answer through here, so both are judged by the one worker rule.
 */
export type OfferAnswerRequest =
  | { readonly answer: 'accept'; readonly offerId: OfferId; readonly actor: Actor }
  | { readonly answer: 'decline'; readonly offerId: OfferId; readonly actor: Actor; readonly body: DeclineOffer }

export type OfferAnswerOutcome =
  | { readonly answer: 'accept'; readonly outcome: JobOutcome<AcceptOfferJobResult> }
  | { readonly answer: 'decline'; readonly outcome: JobOutcome<DeclineOfferJobResult> }

export const runOfferAnswer = async (
  ctx: ParameterizedContext,
  jobs: JobClient,
  request: OfferAnswerRequest,
): Promise<OfferAnswerOutcome> => {
  const changeId = randomUUID() as ChangeId
  const envelope = { version: 1 as const, change_id: changeId, offer_id: request.offerId, actor: request.actor }
  if (request.answer === 'accept') {
    const data: AcceptOfferJobDataInput = envelope
    const outcome = await runJob(ctx, jobs, {
      name: ACCEPT_OFFER_JOB_NAME,
      jobId: acceptOfferJobId(changeId),
      data,
      result: AcceptOfferJobResult,
    })
    return { answer: 'accept', outcome }
  }
  const data: DeclineOfferJobDataInput = { ...envelope, body: request.body }
  const outcome = await runJob(ctx, jobs, {
    name: DECLINE_OFFER_JOB_NAME,
    jobId: declineOfferJobId(changeId),
    data,
    result: DeclineOfferJobResult,
  })
  return { answer: 'decline', outcome }
}
