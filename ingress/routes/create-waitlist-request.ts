import { randomUUID } from 'node:crypto'
import * as E from 'fp-ts/Either'
import type { Middleware, ParameterizedContext } from 'koa'
import type { RequestId } from '../../shared/codecs/request-id'
import type { FieldErrors } from '../../shared/errors/field-error'
import { errorEnvelope, successEnvelope } from '../../shared/http/envelope'
import { validateCreateSubmission } from '../../shared/waitlist-request/create-submission'
import type { AuthenticatedState } from '../middleware/authenticate'
import {
  CREATE_JOB_NAME,
  CreateJobData,
  CreateJobResult,
  createJobId,
} from '../../shared/queue/create-waitlist-request-job'
import { QueueUnavailable, type JobClient } from '../queue/job-client'

export const WAITLIST_REQUESTS_PATH = '/apis/v1/waitlist-requests'

export const locationOf = (id: string) => `${WAITLIST_REQUESTS_PATH}/${encodeURIComponent(id)}`

const badRequest = (ctx: ParameterizedContext, errors: FieldErrors) => {
  ctx.status = 400
  ctx.body = errorEnvelope(400, errors[0].message, errors)
}

/**
 * `POST /apis/v1/waitlist-requests`: every synchronous rule here, at once; the
 * rules that need data run in the worker, whose answer we wait for (bounded).
 */
export const createWaitlistRequest =
  (jobs: JobClient): Middleware<AuthenticatedState> =>
  async (ctx) => {
    const submission = validateCreateSubmission({
      actor: ctx.state.actor,
      patient_id: ctx.query['patient_id'],
      body: (ctx.request as { body?: unknown }).body,
    })
    if (E.isLeft(submission)) return badRequest(ctx, submission.left)

    const requestId = randomUUID() as RequestId
    const outcome = await jobs
      .run({
        name: CREATE_JOB_NAME,
        jobId: createJobId(requestId),
        data: CreateJobData.encode({
          version: 1,
          request_id: requestId,
          actor: submission.right.actor,
          patient_id: submission.right.patient_id,
          body: submission.right.request,
        }),
        result: CreateJobResult,
      })
      .catch((error: unknown) => {
        if (error instanceof QueueUnavailable)
          ctx.throw(503, 'service temporarily unavailable, please retry', { cause: error })
        throw error
      })

    if (outcome.kind === 'pending') {
      ctx.status = 202
      ctx.set('Location', locationOf(requestId))
      ctx.body = {
        code: 2020,
        message: 'Accepted: the request is being processed',
        data: { id: requestId, status: 'PROCESSING' },
      }
      return
    }
    if (outcome.result.outcome === 'rejected') return badRequest(ctx, outcome.result.errors)
    ctx.status = 201
    ctx.set('Location', locationOf(outcome.result.request.id))
    ctx.body = successEnvelope(201, outcome.result.request)
  }
