import { randomUUID } from 'node:crypto'
import * as E from 'fp-ts/Either'
import type { Middleware } from 'koa'
import { validateOpening } from '../../shared/openings/create-opening'
import type { OpeningId } from '../../shared/openings/opening-id'
import { OPEN_SLOT_JOB_NAME, OpenSlotJobData, OpenSlotJobResult, openSlotJobId } from '../../shared/queue/open-slot-job'
import type { JobClient } from '../queue/job-client'
import type { StaffState } from './staff-only'
import { requestBody, runJob } from './update-answer'
import { answerInvalid } from './refusal-answers'
import { acceptedAnswer, respond, successAnswer } from '../http/answers'

export const OPENINGS_PATH = '/apis/v1/openings'

export const openingLocation = (id: string) => `${OPENINGS_PATH}/${encodeURIComponent(id)}`

/**
 * `POST /apis/v1/openings`: every rule of the body here, at once; the rules
 * that need reference data run in the worker (the `open-slot` job), whose
 * answer we wait for (bounded). A repeated external_id at the clinic answers
 * with the opening stored first, under its own id and Location.
 */
export const openSlot =
  (jobs: JobClient): Middleware<StaffState> =>
  async (ctx) => {
    const checked = validateOpening(requestBody(ctx), new Date())
    if (E.isLeft(checked)) return answerInvalid(ctx, checked.left)
    const openingId = randomUUID() as OpeningId
    const outcome = await runJob(ctx, jobs, {
      name: OPEN_SLOT_JOB_NAME,
      jobId: openSlotJobId(openingId),
      data: OpenSlotJobData.encode({ version: 1, opening_id: openingId, actor: ctx.state.staff, body: checked.right }),
      result: OpenSlotJobResult,
    })
    if (outcome.kind === 'pending') {
      return respond(ctx, acceptedAnswer(openingId, openingLocation(openingId), 'the opening'))
    }
    if (outcome.result.outcome === 'rejected') return answerInvalid(ctx, outcome.result.errors)
    respond(ctx, successAnswer(201, outcome.result.opening, openingLocation(outcome.result.opening.id)))
  }
