import type { ParameterizedContext } from 'koa'
import type { RequestId } from '../../shared/codecs/request-id'
import type { FieldErrors } from '../../shared/errors/field-error'
import { errorEnvelope, successEnvelope } from '../../shared/http/envelope'
import { UpdateJobResult } from '../../shared/queue/update-job'
import { etagOf } from '../../shared/waitlist-request/expected-version'
import { REQUEST_NOT_FOUND } from '../../shared/waitlist-request/permissions'
import type { JobClient, JobOutcome } from '../queue/job-client'
import { RedisUnavailable } from '../queue/within-time'
import { locationOf } from './create-waitlist-request'

export const pathId = (ctx: ParameterizedContext): string | undefined =>
  (ctx as unknown as { params: Record<string, string | undefined> }).params['id']

export const requestBody = (ctx: ParameterizedContext): unknown => (ctx.request as { body?: unknown }).body

export const answerErrors = (ctx: ParameterizedContext, status: number, errors: FieldErrors) => {
  ctx.status = status
  ctx.body = errorEnvelope(status, errors[0].message, errors)
}

export const answerNotFound = (ctx: ParameterizedContext) => {
  ctx.status = 404
  ctx.body = errorEnvelope(404, REQUEST_NOT_FOUND)
}

/** Runs a write job and waits (bounded); Redis not taking it is a 503: nothing was queued, a retry is safe. */
export const runUpdate = (
  ctx: ParameterizedContext,
  jobs: JobClient,
  job: { readonly name: string; readonly jobId: string; readonly data: unknown },
): Promise<JobOutcome<UpdateJobResult>> =>
  jobs.run({ ...job, result: UpdateJobResult }).catch((error: unknown) => {
    if (error instanceof RedisUnavailable) {
      return ctx.throw(503, 'service temporarily unavailable, please retry', { cause: error })
    }
    throw error
  })

/**
 * Turns the ending of a change, cancel or fulfil job into the answer: 200 with
 * the whole payload and its ETag, the refusal with its status, or 202 while the
 * write is still queued (its Location shows the request, old or new).
 */
export const answerUpdate = (ctx: ParameterizedContext, requestId: RequestId, outcome: JobOutcome<UpdateJobResult>) => {
  if (outcome.kind === 'pending') {
    ctx.status = 202
    ctx.set('Location', locationOf(requestId))
    ctx.body = {
      code: 2020,
      message: 'Accepted: the change is being processed',
      data: { id: requestId, status: 'PROCESSING' },
    }
    return
  }
  const result = outcome.result
  if (result.outcome === 'rejected') {
    // 404 reads exactly as GET's for an unknown id; 403 is about the role, not a field.
    if (result.status === 404) return answerNotFound(ctx)
    if (result.status === 403) {
      ctx.status = 403
      ctx.body = errorEnvelope(403, result.errors[0].message)
      return
    }
    return answerErrors(ctx, result.status, result.errors)
  }
  ctx.status = 200
  ctx.set('ETag', etagOf(result.version))
  ctx.body = successEnvelope(200, result.request)
}
