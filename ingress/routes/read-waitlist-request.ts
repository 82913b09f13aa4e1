import * as O from 'fp-ts/Option'
import type { Middleware, ParameterizedContext } from 'koa'
import type { Actor } from '../../shared/auth/actor'
import { RequestId } from '../../shared/codecs/request-id'
import { answerSuccess, respond } from '../http/answers'
import { answerNotFound } from './refusal-answers'
import { mayReadStored, type StoredWaitlistRequest } from '../../shared/waitlist-request/read-access'
import type { AuthenticatedState } from '../middleware/authenticate'
import { etagOf } from '../../shared/waitlist-request/expected-version'
import { requestAsSeenBy } from '../../shared/waitlist-request/writer'
import type { ReadCreateOutcome } from '../queue/create-job-outcome'
import { RedisUnavailable } from '../queue/within-time'
import { createOutcomeAnswer } from './create-outcome-answer'

export type FindWaitlistRequest = (id: RequestId) => Promise<O.Option<StoredWaitlistRequest>>

/** The stored request if this actor may read it; someone else's is answered exactly as one that does not exist. */
const answerStored = (ctx: ParameterizedContext, actor: Actor, found: O.Option<StoredWaitlistRequest>) => {
  // The ETag is the version to send back as If-Match when changing it.
  if (O.isSome(found) && mayReadStored(actor, found.value))
    return answerSuccess(ctx, 200, requestAsSeenBy(actor, found.value), { ETag: etagOf(found.value.version) })
  answerNotFound(ctx)
}

/**
 * `GET /apis/v1/waitlist-requests/{id}`: the same payload as the 201, read
 * straight from PostgreSQL. An id not stored may be a create answered 202:
 * then what became of it, read from its job, is the answer, as the create
 * would have given it (docs/api.md): 202 while it runs, its 400 if refused,
 * 422 if it failed for good. Ids reveal nothing across patients or tenants.
 */
export const readWaitlistRequest =
  (find: FindWaitlistRequest, createOutcome: ReadCreateOutcome): Middleware<AuthenticatedState> =>
  async (ctx) => {
    const actor = ctx.state.actor
    const id = (ctx as unknown as { params: Record<string, string> }).params['id']
    if (!RequestId.is(id)) return answerStored(ctx, actor, O.none)
    const found = await find(id)
    if (O.isSome(found)) return answerStored(ctx, actor, found)

    const outcome = await createOutcome(id, actor).catch((error: unknown) => {
      if (error instanceof RedisUnavailable) {
        return ctx.throw(503, 'service temporarily unavailable, please retry', { cause: error })
      }
      throw error
    })
    if (O.isNone(outcome)) return answerStored(ctx, actor, O.none)
    const ending = outcome.value
    // Written between the two reads.
    if (ending.kind === 'finished' && ending.result.outcome === 'created')
      return answerStored(ctx, actor, await find(id))
    respond(ctx, createOutcomeAnswer(id, ending))
  }
