import type { RequestId } from '../../shared/codecs/request-id'
import type { FieldErrors } from '../../shared/errors/field-error'
import { refuse } from '../../shared/errors/refusal'
import type { StoredAnswer } from '../../shared/idempotency/idempotency-key'
import { acceptedAnswer, refusalAnswer, successAnswer } from '../http/answers'
import type { CreateOutcome } from '../queue/create-job-outcome'
import { locationOf } from './waitlist-request-paths'

export const rejection = (errors: FieldErrors): StoredAnswer => refusalAnswer(refuse('invalid')(errors))

const accepted = (requestId: RequestId): StoredAnswer => acceptedAnswer(requestId, locationOf(requestId), 'the request')

/**
 * Accepted, queued, and then every attempt failed (docs/api.md): nothing was
 * stored, and nothing about the request itself is wrong, so no 400; nor a
 * 5xx, which would invite a retry of what is already settled: a new request is
 * the way on.
 */
const notStored: StoredAnswer = refusalAnswer(
  refuse('not_stored')([
    { field: 'id', message: 'waitlist request was accepted but could not be stored: please send it again' },
  ]),
)

/** The answer a create's outcome stands for, alike on the POST, on its Idempotency-Key replay and at its Location. */
export const createOutcomeAnswer = (requestId: RequestId, outcome: CreateOutcome): StoredAnswer => {
  if (outcome.kind === 'pending') return accepted(requestId)
  if (outcome.kind === 'failed') return notStored
  if (outcome.result.outcome === 'rejected') return rejection(outcome.result.errors)
  return successAnswer(201, outcome.result.request, locationOf(outcome.result.request.id))
}
