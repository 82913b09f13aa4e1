import { randomUUID } from 'node:crypto'
import * as E from 'fp-ts/Either'
import { sequenceS } from 'fp-ts/Apply'
import type * as t from 'io-ts'
import type { Middleware } from 'koa'
import type { RequestVersion } from '../../shared/codecs/request-version'
import { RequestId } from '../../shared/codecs/request-id'
import { decodeWithFieldErrors, validation } from '../../shared/errors/field-error'
import { CANCEL_JOB_NAME, CancelJobData, cancelJobId } from '../../shared/queue/cancel-waitlist-request-job'
import { FULFILL_JOB_NAME, FulfillJobData, fulfillJobId } from '../../shared/queue/fulfill-waitlist-request-job'
import { CancelWaitlistRequest, FulfillWaitlistRequest } from '../../shared/waitlist-request/end-request'
import { IF_MATCH_HEADER, expectedVersion, versionToCheck } from '../../shared/waitlist-request/expected-version'
import { guardRole } from '../../shared/waitlist-request/update-guard'
import type { AuthenticatedState } from '../middleware/authenticate'
import type { JobClient } from '../queue/job-client'
import {
  answerErrors,
  answerNotFound,
  answerRejection,
  answerUpdate,
  pathId,
  requestBody,
  runUpdate,
} from './update-answer'
import { isRecord } from '../../shared/codecs/input-guards'

const bodyVersion = (body: unknown): unknown => (isRecord(body) ? body['version'] : undefined)

/**
 * The common shape of cancel and fulfil: the path id, the body by its codec
 * and the optional version (If-Match or `version`), judged together; then the
 * job, whose ending is the answer. The version is optional here: ending a
 * request does not overwrite anything the caller saw, and a second end is a
 * 409 that says the status anyway.
 */
const endRoute =
  <B>(spec: {
    readonly body: t.Decoder<unknown, B>
    readonly job: (envelope: {
      version: 1
      change_id: RequestId
      request_id: RequestId
      actor: AuthenticatedState['actor']
      expected_version: RequestVersion | null
      body: B
    }) => { name: string; jobId: string; data: unknown }
  }) =>
  (jobs: JobClient): Middleware<AuthenticatedState> =>
  async (ctx) => {
    const id = pathId(ctx)
    if (!RequestId.is(id)) return answerNotFound(ctx)
    const body = requestBody(ctx)
    const checked = sequenceS(validation)({
      body: decodeWithFieldErrors(spec.body)(body),
      expected: expectedVersion({ ifMatch: ctx.get(IF_MATCH_HEADER) || undefined, bodyVersion: bodyVersion(body) }),
    })
    if (E.isLeft(checked)) return answerErrors(ctx, 400, checked.left)
    const changeId = randomUUID() as RequestId
    const outcome = await runUpdate(
      ctx,
      jobs,
      spec.job({
        version: 1,
        change_id: changeId,
        request_id: id,
        actor: ctx.state.actor,
        expected_version: versionToCheck(checked.right.expected),
        body: checked.right.body,
      }),
    )
    answerUpdate(ctx, id, outcome)
  }

/** `POST /apis/v1/waitlist-requests/{id}/cancel`, body `{reason?}` or none: the patient's own, or staff's. */
export const cancelWaitlistRequest = endRoute({
  body: CancelWaitlistRequest,
  job: (data) => ({ name: CANCEL_JOB_NAME, jobId: cancelJobId(data.change_id), data: CancelJobData.encode(data) }),
})

/** `POST /apis/v1/waitlist-requests/{id}/fulfill`, body `{appointment_id, appointment_start}`. */
export const fulfillWaitlistRequest = endRoute({
  body: FulfillWaitlistRequest,
  job: (data) => ({ name: FULFILL_JOB_NAME, jobId: fulfillJobId(data.change_id), data: FulfillJobData.encode(data) }),
})

/** Only staff book appointments, so a patient's fulfil is a 403 before its body is even read. */
export const staffOnlyFulfill: Middleware<AuthenticatedState> = async (ctx, next) => {
  const role = guardRole(ctx.state.actor, 'fulfill')
  // As answerUpdate answers the worker's 403.
  if (E.isLeft(role)) return answerRejection(ctx, role.left)
  await next()
}
