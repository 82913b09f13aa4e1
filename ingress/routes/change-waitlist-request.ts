import { randomUUID } from 'node:crypto'
import { pipe } from 'fp-ts/function'
import type { Middleware } from 'koa'
import type { RequestId } from '../../shared/codecs/request-id'
import { CHANGE_JOB_NAME, ChangeJobData, changeJobId } from '../../shared/queue/change-waitlist-request-job'
import { ChangeWaitlistRequest } from '../../shared/waitlist-request/create-waitlist-request'
import { IF_MATCH_HEADER, VERSION_REQUIRED, versionToCheck } from '../../shared/waitlist-request/expected-version'
import type { AuthenticatedState } from '../middleware/authenticate'
import type { JobClient } from '../queue/job-client'
import { answerUpdate, readWrite, runUpdate } from './update-answer'
import { answerRefusal } from '../http/answers'
import { refuse } from '../../shared/errors/refusal'

/**
 * `PATCH /apis/v1/waitlist-requests/{id}`: the named fields judged here by
 * the create's own field codecs, every failure at once; then the worker
 * judges the request as it would be after the change, with every create rule,
 * and writes it if nobody changed it since the version the client read.
 */
export const changeWaitlistRequest =
  (jobs: JobClient): Middleware<AuthenticatedState> =>
  async (ctx) => {
    const write = readWrite(ctx, ChangeWaitlistRequest)
    if (write === undefined) return
    const { id, body: change, expected } = write
    if (expected === null) {
      return answerRefusal(ctx, refuse('version_required')([{ field: IF_MATCH_HEADER, message: VERSION_REQUIRED }]))
    }
    const changeId = randomUUID() as RequestId
    const outcome = await runUpdate(ctx, jobs, {
      name: CHANGE_JOB_NAME,
      jobId: changeJobId(changeId),
      data: pipe(
        {
          version: 1 as const,
          change_id: changeId,
          request_id: id,
          actor: ctx.state.actor,
          expected_version: versionToCheck(expected),
        },
        (envelope) => ChangeJobData.encode({ ...envelope, body: change }),
      ),
    })
    answerUpdate(ctx, id, outcome)
  }
