import { randomUUID } from 'node:crypto'
import * as E from 'fp-ts/Either'
import type { Middleware } from 'koa'
import * as O from 'fp-ts/Option'
import type { Actor } from '../../shared/auth/actor'
import { RequestId } from '../../shared/codecs/request-id'
import { mayReadStored } from '../../shared/waitlist-request/read-access'
import { sequenceS } from 'fp-ts/Apply'
import { validation } from '../../shared/errors/field-error'
import { refuse } from '../../shared/errors/refusal'
import { refusalAnswer, respond } from '../http/answers'
import { createOutcomeAnswer, rejection } from './create-outcome-answer'
import {
  IDEMPOTENCY_KEY_HEADER,
  canonicalJson,
  idempotencyScope,
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
import { requestIdOf } from '../middleware/request-log'
import type { CorrelationId } from '../../shared/queue/job-correlation'
import type { JobClient } from '../queue/job-client'
import { failedForGood, type CreateOutcome } from '../queue/create-job-outcome'
import { RedisUnavailable } from '../queue/within-time'
import type { FindWaitlistRequest } from './read-waitlist-request'
import { answerNotFound } from './refusal-answers'

/** Runs the create job for `requestId`, waiting for its ending (bounded). */
const runCreate = (
  jobs: JobClient,
  requestId: RequestId,
  submission: CreateSubmission,
  mayExist: boolean,
  correlationId: CorrelationId | undefined,
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
      correlationId,
    })
    .catch(failedForGood)

/**
 * `POST /apis/v1/waitlist-requests`: every synchronous rule here, at once; the
 * rules that need data run in the worker, whose answer we wait for (bounded).
 * With an Idempotency-Key, a retry of the same request gets the first answer
 * (waiting for it if it is still being made), and the key with another request
 * gets 422. A request the synchronous rules refuse does not claim its key.
 */
export const createWaitlistRequest =
  (jobs: JobClient, idempotency: IdempotencyStore, find: FindWaitlistRequest): Middleware<AuthenticatedState> =>
  async (ctx) => {
    const actor = ctx.state.actor
    const mayRead = async (answer: StoredAnswer, reader: Actor) => {
      const id = (answer.body as { data?: { id?: unknown } } | undefined)?.data?.id
      const stored = RequestId.is(id) ? await find(id) : O.none
      return O.isSome(stored) && mayReadStored(reader, stored.value)
    }
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
        return respond(
          ctx,
          createOutcomeAnswer(requestId, await runCreate(jobs, requestId, submission, false, requestIdOf(ctx))),
        )
      }
      const fingerprint = fingerprintOf(canonicalJson({ patient_id: submission.patient_id, body: submission.request }))
      const scope = idempotencyScope(actor)
      const claim = await idempotency.claim(scope, idempotencyKey, fingerprint, requestId)
      if (claim.kind === 'mismatch') {
        const message = `${IDEMPOTENCY_KEY_HEADER} has already been used for a different request`
        return respond(ctx, refusalAnswer(refuse('key_reused')([{ field: IDEMPOTENCY_KEY_HEADER, message }])))
      }
      if (claim.kind === 'answered') {
        // A replay shows a stored request only to someone who may read it now, as GET would.
        if (claim.answer.status === 201 && !(await mayRead(claim.answer, actor))) return answerNotFound(ctx)
        ctx.set('Idempotent-Replayed', 'true')
        return respond(ctx, claim.answer)
      }
      if (claim.kind === 'in-flight') ctx.set('Idempotent-Replayed', 'true')
      const outcome = await runCreate(
        jobs,
        claim.request_id,
        submission,
        claim.kind === 'in-flight',
        requestIdOf(ctx),
      ).catch(async (error: unknown) => {
        // Nothing was queued, so nothing stands behind the key: a retry must start afresh.
        if (error instanceof RedisUnavailable && claim.kind === 'claimed') {
          await idempotency.release(scope, idempotencyKey).catch(() => undefined)
        }
        throw error
      })
      const answer = createOutcomeAnswer(claim.request_id, outcome)
      // Still running: the key stays in flight, and its next use waits for the ending again.
      if (outcome.kind !== 'pending') {
        await idempotency.answer(scope, idempotencyKey, { fingerprint, request_id: claim.request_id, answer })
      }
      return respond(ctx, answer)
    } catch (error) {
      if (error instanceof RedisUnavailable)
        ctx.throw(503, 'service temporarily unavailable, please retry', { cause: error })
      throw error
    }
  }
