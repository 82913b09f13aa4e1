import { randomUUID } from 'node:crypto'
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import { sequenceS } from 'fp-ts/Apply'
import type { Middleware } from 'koa'
import { RequestId } from '../../shared/codecs/request-id'
import { decodeWithFieldErrors, validation } from '../../shared/errors/field-error'
import { CHANGE_JOB_NAME, ChangeJobData, changeJobId } from '../../shared/queue/change-waitlist-request-job'
import { ChangeWaitlistRequest } from '../../shared/waitlist-request/create-waitlist-request'
import {
  IF_MATCH_HEADER,
  VERSION_REQUIRED,
  expectedVersion,
  versionToCheck,
} from '../../shared/waitlist-request/expected-version'
import type { AuthenticatedState } from '../middleware/authenticate'
import type { JobClient } from '../queue/job-client'
import { answerInvalid, answerNotFound, answerUpdate, pathId, requestBody, runUpdate } from './update-answer'
import { answerRefusal } from '../http/answers'
import { refuse } from '../../shared/errors/refusal'
import { isRecord } from '../../shared/codecs/input-guards'

const bodyField = (body: unknown, field: string): unknown => (isRecord(body) ? body[field] : undefined)

/**
 * `PATCH /apis/v1/waitlist-requests/{id}`: the named fields judged here by
 * the create's own field codecs, every failure at once; then the worker
 * judges the request as it would be after the change, with every create rule,
 * and writes it if nobody changed it since the version the client read.
 */
export const changeWaitlistRequest =
  (jobs: JobClient): Middleware<AuthenticatedState> =>
  async (ctx) => {
    const id = pathId(ctx)
    if (!RequestId.is(id)) return answerNotFound(ctx)
    const body = requestBody(ctx)
    const checked = sequenceS(validation)({
      change: decodeWithFieldErrors(ChangeWaitlistRequest)(body),
      expected: expectedVersion({
        ifMatch: ctx.get(IF_MATCH_HEADER) || undefined,
        bodyVersion: bodyField(body, 'version'),
      }),
    })
    if (E.isLeft(checked)) return answerInvalid(ctx, checked.left)
    const { change, expected } = checked.right
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
