import { randomUUID } from 'node:crypto'
import * as E from 'fp-ts/Either'
import type * as t from 'io-ts'
import type { Middleware } from 'koa'
import type { RequestVersion } from '../../shared/codecs/request-version'
import type { RequestId } from '../../shared/codecs/request-id'
import { CANCEL_JOB_NAME, CancelJobData, cancelJobId } from '../../shared/queue/cancel-waitlist-request-job'
import { FULFILL_JOB_NAME, FulfillJobData, fulfillJobId } from '../../shared/queue/fulfill-waitlist-request-job'
import { CancelWaitlistRequest, FulfillWaitlistRequest } from '../../shared/waitlist-request/end-request'
import { versionToCheck } from '../../shared/waitlist-request/expected-version'
import { guardRole } from '../../shared/waitlist-request/update-guard'
import type { AuthenticatedState } from '../middleware/authenticate'
import type { JobClient } from '../queue/job-client'
import { answerUpdate, readWrite, runUpdate } from './update-answer'
import { answerRefusal } from '../http/answers'

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
    const write = readWrite(ctx, spec.body)
    if (write === undefined) return
    const changeId = randomUUID() as RequestId
    const outcome = await runUpdate(
      ctx,
      jobs,
      spec.job({
        version: 1,
        change_id: changeId,
        request_id: write.id,
        actor: ctx.state.actor,
        expected_version: versionToCheck(write.expected),
        body: write.body,
      }),
    )
    answerUpdate(ctx, write.id, outcome)
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

/** Only staff book appointments, so a patient's fulfill is refused before its body is even read, as the worker would. */
export const staffOnlyFulfill: Middleware<AuthenticatedState> = async (ctx, next) => {
  const role = guardRole(ctx.state.actor, 'fulfill')
  if (E.isLeft(role)) return answerRefusal(ctx, role.left)
  await next()
}
