import { randomUUID } from 'node:crypto'
import type { Middleware } from 'koa'
import { OPENING_NOT_FOUND } from '../../shared/openings/opening-access'
import { OpeningId } from '../../shared/openings/opening-id'
import {
  WITHDRAW_OPENING_JOB_NAME,
  WithdrawOpeningJobData,
  WithdrawOpeningJobResult,
  withdrawOpeningJobId,
  type ChangeId,
} from '../../shared/queue/withdraw-opening-job'
import type { JobClient } from '../queue/job-client'
import { openingLocation } from './open-slot'
import type { StaffState } from './staff-only'
import { pathId, runJob } from './update-answer'
import { answerNotFound } from './refusal-answers'
import { acceptedAnswer, answerRefusal, answerSuccess, respond } from '../http/answers'

/**
 * `POST /apis/v1/openings/{id}/withdraw`: staff filled the slot another way.
 * A job like every write; 200 with the opening WITHDRAWN, 409 when it is no
 * longer OPEN, 404 when the caller may not see it.
 */
export const withdrawOpening =
  (jobs: JobClient): Middleware<StaffState> =>
  async (ctx) => {
    const id = pathId(ctx)
    if (!OpeningId.is(id)) return answerNotFound(ctx, OPENING_NOT_FOUND)
    const changeId = randomUUID() as ChangeId
    const outcome = await runJob(ctx, jobs, {
      name: WITHDRAW_OPENING_JOB_NAME,
      jobId: withdrawOpeningJobId(changeId),
      data: WithdrawOpeningJobData.encode({ version: 1, change_id: changeId, opening_id: id, actor: ctx.state.staff }),
      result: WithdrawOpeningJobResult,
    })
    if (outcome.kind === 'pending') {
      return respond(ctx, acceptedAnswer(id, openingLocation(id), 'the withdrawal'))
    }
    if (outcome.result.outcome === 'rejected') return answerRefusal(ctx, outcome.result)
    answerSuccess(ctx, 200, outcome.result.opening)
  }
