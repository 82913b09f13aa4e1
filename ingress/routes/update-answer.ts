import type { ParameterizedContext } from 'koa'
import type { RequestId } from '../../shared/codecs/request-id'
import type { FieldErrors } from '../../shared/errors/field-error'
import { errorEnvelope, successEnvelope } from '../../shared/http/envelope'
import { UpdateJobResult, type UpdateRejection } from '../../shared/queue/update-job'
import { etagOf } from '../../shared/waitlist-request/expected-version'
import { REQUEST_NOT_FOUND } from '../../shared/waitlist-request/permissions'
import type { JobClient, JobOutcome, JobRequest } from '../queue/job-client'
import { RedisUnavailable } from '../queue/within-time'
import { locationOf } from './create-waitlist-request'

export const pathId = (ctx: ParameterizedContext): string | undefined =>
  (ctx as unknown as { params: Record<string, string | undefined> }).params['id']

export const requestBody = (ctx: ParameterizedContext): unknown => (ctx.request as { body?: unknown }).body

export const answerErrors = (ctx: ParameterizedContext, status: number, errors: FieldErrors) => {
  ctx.status = status
  ctx.body = errorEnvelope(status, errors[0].message, errors)
}

export const answerNotFound = (ctx: ParameterizedContext, message: string = REQUEST_NOT_FOUND) => {
  ctx.status = 404
  ctx.body = errorEnvelope(404, message)
}

/**
 * A refusal as its status: 404 reads exactly as GET's for an unknown id and
 * 403 is about the role, not a field, so both carry the message alone.
 */
export const answerRejection = (ctx: ParameterizedContext, rejection: UpdateRejection) => {
  if (rejection.status === 404) return answerNotFound(ctx, rejection.errors[0].message)
  if (rejection.status === 403) {
    ctx.status = 403
    ctx.body = errorEnvelope(403, rejection.errors[0].message)
    return
  }
  return answerErrors(ctx, rejection.status, rejection.errors)
}

/** 202: the write is queued (so durable) but not done within the wait; `location` shows it once it is. */
export const answerAccepted = (ctx: ParameterizedContext, location: string, message: string, id: string) => {
  ctx.status = 202
  ctx.set('Location', location)
  ctx.body = { code: 2020, message, data: { id, status: 'PROCESSING' } }
}

/** Runs a job and waits (bounded); Redis not taking it is a 503: nothing was queued, a retry is safe. */
export const runJob = <R>(ctx: ParameterizedContext, jobs: JobClient, job: JobRequest<R>): Promise<JobOutcome<R>> =>
  jobs.run(job).catch((error: unknown) => {
    if (error instanceof RedisUnavailable) {
      return ctx.throw(503, 'service temporarily unavailable, please retry', { cause: error })
    }
    throw error
  })

export const runUpdate = (
  ctx: ParameterizedContext,
  jobs: JobClient,
  job: { readonly name: string; readonly jobId: string; readonly data: unknown },
): Promise<JobOutcome<UpdateJobResult>> => runJob(ctx, jobs, { ...job, result: UpdateJobResult })

/**
 * Turns the ending of a change, cancel or fulfil job into the answer: 200 with
 * the whole payload and its ETag, the refusal with its status, or 202 while the
 * write is still queued (its Location shows the request, old or new).
 */
export const answerUpdate = (ctx: ParameterizedContext, requestId: RequestId, outcome: JobOutcome<UpdateJobResult>) => {
  if (outcome.kind === 'pending') {
    return answerAccepted(ctx, locationOf(requestId), 'Accepted: the change is being processed', requestId)
  }
  const result = outcome.result
  if (result.outcome === 'rejected') return answerRejection(ctx, result)
  ctx.status = 200
  ctx.set('ETag', etagOf(result.version))
  ctx.body = successEnvelope(200, result.request)
}
