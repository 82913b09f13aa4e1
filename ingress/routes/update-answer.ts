import type { ParameterizedContext } from 'koa'
import * as E from 'fp-ts/Either'
import { sequenceS } from 'fp-ts/Apply'
import type * as t from 'io-ts'
import { RequestId } from '../../shared/codecs/request-id'
import { isRecord } from '../../shared/codecs/input-guards'
import { decodeWithFieldErrors, validation } from '../../shared/errors/field-error'
import { UpdateJobResult } from '../../shared/queue/update-job'
import {
  IF_MATCH_HEADER,
  etagOf,
  expectedVersion,
  type ExpectedVersion,
} from '../../shared/waitlist-request/expected-version'
import type { JobClient, JobOutcome, JobRequest } from '../queue/job-client'
import { RedisUnavailable } from '../queue/within-time'
import { requestIdOf } from '../middleware/request-log'
import { acceptedAnswer, answerRefusal, answerSuccess, respond } from '../http/answers'
import { locationOf } from './waitlist-request-paths'
import { answerInvalid, answerNotFound } from './refusal-answers'

export const pathId = (ctx: ParameterizedContext): string | undefined =>
  (ctx as unknown as { params: Record<string, string | undefined> }).params['id']

export const requestBody = (ctx: ParameterizedContext): unknown => (ctx.request as { body?: unknown }).body

/**
 * What every write to a stored request reads first, judged together: the id
 * in the path (an id that cannot exist is answered as an unknown one), the
 * body by its codec and the version the caller read (If-Match or a `version`
 * field). Answers and gives undefined when anything is wrong.
 */
export const readWrite = <B>(
  ctx: ParameterizedContext,
  body: t.Decoder<unknown, B>,
): { readonly id: RequestId; readonly body: B; readonly expected: ExpectedVersion } | undefined => {
  const id = pathId(ctx)
  if (!RequestId.is(id)) return void answerNotFound(ctx)
  const sent = requestBody(ctx)
  const checked = sequenceS(validation)({
    body: decodeWithFieldErrors(body)(sent),
    expected: expectedVersion({
      ifMatch: ctx.get(IF_MATCH_HEADER) || undefined,
      bodyVersion: isRecord(sent) ? sent['version'] : undefined,
    }),
  })
  if (E.isLeft(checked)) return void answerInvalid(ctx, checked.left)
  return { id, ...checked.right }
}

/** Runs a job and waits (bounded); Redis not taking it is a 503: nothing was queued, a retry is safe. */
export const runJob = <R>(ctx: ParameterizedContext, jobs: JobClient, job: JobRequest<R>): Promise<JobOutcome<R>> =>
  jobs.run({ ...job, correlationId: requestIdOf(ctx) }).catch((error: unknown) => {
    if (error instanceof RedisUnavailable) {
      return ctx.throw(503, 'service temporarily unavailable, please retry', { cause: error })
    }
    throw error
  })

/** Runs a write to a stored request, whose result is an update result. */
export const runUpdate = (
  ctx: ParameterizedContext,
  jobs: JobClient,
  job: { readonly name: string; readonly jobId: string; readonly data: unknown },
): Promise<JobOutcome<UpdateJobResult>> => runJob(ctx, jobs, { ...job, result: UpdateJobResult })

/**
 * Turns the ending of a change, cancel or fulfill job into the answer: 200 with
 * the whole payload and its ETag, the refusal, or 202 while the write is still
 * queued (its Location shows the request, old or new).
 */
export const answerUpdate = (ctx: ParameterizedContext, requestId: RequestId, outcome: JobOutcome<UpdateJobResult>) => {
  if (outcome.kind === 'pending') return respond(ctx, acceptedAnswer(requestId, locationOf(requestId), 'the change'))
  const result = outcome.result
  if (result.outcome === 'rejected') return answerRefusal(ctx, result)
  answerSuccess(ctx, 200, result.request, { ETag: etagOf(result.version) })
}
