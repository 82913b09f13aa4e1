import { randomUUID } from 'node:crypto'
import * as E from 'fp-ts/Either'
import type { Middleware } from 'koa'
import type { RequestId } from '../../shared/codecs/request-id'
import { sequenceS } from 'fp-ts/Apply'
import { validation, type FieldErrors } from '../../shared/errors/field-error'
import { refuse } from '../../shared/errors/refusal'
import { acceptedAnswer, refusalAnswer, respond, successAnswer } from '../http/answers'
import {
  IDEMPOTENCY_KEY_HEADER,
  canonicalJson,
  parseIdempotencyKey,
  type StoredAnswer,
} from '../../shared/idempotency/idempotency-key'
import {
  CREATE_JOB_NAME,
  CreateJobData,
  CreateJobResult,
  createJobId,
} from '../../shared/queue/create-waitlist-request-job'
import { validateCreateSubmission, type CreateSubmission } from '../../shared/waitlist-request/create-submission'
import { fingerprintOf, type IdempotencyStore } from '../idempotency/idempotency-store'
import type { AuthenticatedState } from '../middleware/authenticate'
import type { JobClient } from '../queue/job-client'
import { failedForGood, type CreateOutcome } from '../queue/create-job-outcome'
import { RedisUnavailable } from '../queue/within-time'

export const WAITLIST_REQUESTS_PATH = '/apis/v1/waitlist-requests'

export const locationOf = (id: string) => `${WAITLIST_REQUESTS_PATH}/${encodeURIComponent(id)}`

const rejection = (errors: FieldErrors): StoredAnswer => refusalAnswer(refuse('invalid')(errors))

/** Runs the create job for `requestId`, waiting for its ending (bounded). */
const runCreate = (
  jobs: JobClient,
  requestId: RequestId,
  submission: CreateSubmission,
  mayExist: boolean,
): Promise<CreateOutcome> =>
  jobs
    .run({
      name: CREATE_JOB_NAME,
      jobId: createJobId(requestId),
      data: CreateJobData.encode({
        version: 1,
        request_id: requestId,
        actor: submission.actor,
        patient_id: submission.patient_id,
        body: submission.request,
      }),
      result: CreateJobResult,
      mayExist,
    })
    .catch(failedForGood)

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

/**
 * `POST /apis/v1/waitlist-requests`: every synchronous rule here, at once; the
 * rules that need data run in the worker, whose answer we wait for (bounded).
 * With an Idempotency-Key, a retry of the same request gets the first answer
 * (waiting for it if it is still being made), and the key with another request
 * gets 422. A request the synchronous rules refuse does not claim its key.
 */
export const createWaitlistRequest =
  (jobs: JobClient, idempotency: IdempotencyStore): Middleware<AuthenticatedState> =>
  async (ctx) => {
    const actor = ctx.state.actor
    const checked = sequenceS(validation)({
      key: parseIdempotencyKey(ctx.get(IDEMPOTENCY_KEY_HEADER) || undefined),
      submission: validateCreateSubmission({
        actor,
        patient_id: ctx.query['patient_id'],
        body: (ctx.request as { body?: unknown }).body,
      }),
    })
    if (E.isLeft(checked)) return respond(ctx, rejection(checked.left))
    const { key: idempotencyKey, submission } = checked.right

    try {
      const requestId = randomUUID() as RequestId
      if (idempotencyKey === undefined) {
        return respond(ctx, createOutcomeAnswer(requestId, await runCreate(jobs, requestId, submission, false)))
      }
      const fingerprint = fingerprintOf(canonicalJson({ patient_id: submission.patient_id, body: submission.request }))
      const claim = await idempotency.claim(actor.sub, idempotencyKey, fingerprint, requestId)
      if (claim.kind === 'mismatch') {
        const message = `${IDEMPOTENCY_KEY_HEADER} has already been used for a different request`
        return respond(ctx, refusalAnswer(refuse('key_reused')([{ field: IDEMPOTENCY_KEY_HEADER, message }])))
      }
      if (claim.kind === 'answered') {
        ctx.set('Idempotent-Replayed', 'true')
        return respond(ctx, claim.answer)
      }
      if (claim.kind === 'in-flight') ctx.set('Idempotent-Replayed', 'true')
      const outcome = await runCreate(jobs, claim.request_id, submission, claim.kind === 'in-flight').catch(
        async (error: unknown) => {
          // Nothing was queued, so nothing stands behind the key: a retry must start afresh.
          if (error instanceof RedisUnavailable && claim.kind === 'claimed') {
            await idempotency.release(actor.sub, idempotencyKey).catch(() => undefined)
          }
          throw error
        },
      )
      const answer = createOutcomeAnswer(claim.request_id, outcome)
      // Still running: the key stays in flight, and its next use waits for the ending again.
      if (outcome.kind !== 'pending') {
        await idempotency.answer(actor.sub, idempotencyKey, { fingerprint, request_id: claim.request_id, answer })
      }
      return respond(ctx, answer)
    } catch (error) {
      if (error instanceof RedisUnavailable)
        ctx.throw(503, 'service temporarily unavailable, please retry', { cause: error })
      throw error
    }
  }
