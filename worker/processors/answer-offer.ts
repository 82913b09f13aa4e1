import * as E from 'fp-ts/Either'
import type { Booking, OfferPayload } from '../../shared/offers/offer-payload'
import type { DeclineOffer } from '../../shared/offers/offer-answer'
import {
  decodeAcceptJob,
  decodeDeclineJob,
  type AcceptOfferJobResult,
  type AnswerEnvelope,
  type DeclineOfferJobResult,
} from '../../shared/queue/offer-answer-jobs'
import type { Answered } from '../offers/answer-offer'

/**
 * Runs one `accept-offer` job (docs/queue-contract.md): the data decoded as
 * if it came from anyone, then the acceptance (worker/offers/answer-offer.ts).
 * A refusal completes the job; a throw is an infrastructure fault, retried.
 */
export const processAcceptOfferJob =
  (accept: (job: AnswerEnvelope) => Promise<Answered<{ offer: OfferPayload; booking: Booking }>>) =>
  async (data: unknown): Promise<AcceptOfferJobResult> => {
    const job = decodeAcceptJob(data)
    if (E.isLeft(job)) return { outcome: 'rejected', reason: 'invalid', errors: job.left }
    const answer = await accept(job.right)
    return answer.outcome === 'refused'
      ? { outcome: 'rejected', ...answer.refusal }
      : { outcome: 'accepted', offer: answer.offer, booking: answer.booking }
  }

/** Runs one `decline-offer` job, as an acceptance is run. */
export const processDeclineOfferJob =
  (decline: (job: AnswerEnvelope & { readonly body: DeclineOffer }) => Promise<Answered<{ offer: OfferPayload }>>) =>
  async (data: unknown): Promise<DeclineOfferJobResult> => {
    const job = decodeDeclineJob(data)
    if (E.isLeft(job)) return { outcome: 'rejected', reason: 'invalid', errors: job.left }
    const answer = await decline(job.right)
    return answer.outcome === 'refused'
      ? { outcome: 'rejected', ...answer.refusal }
      : { outcome: 'declined', offer: answer.offer }
  }
