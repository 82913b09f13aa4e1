import * as O from 'fp-ts/Option'
import type { Middleware } from 'koa'
import { RequestId } from '../../shared/codecs/request-id'
import { answerSuccess } from '../http/answers'
import { answerNotFound } from './update-answer'
import { mayReadStored, type StoredWaitlistRequest } from '../../shared/waitlist-request/read-access'
import type { AuthenticatedState } from '../middleware/authenticate'
import { etagOf } from '../../shared/waitlist-request/expected-version'

export type FindWaitlistRequest = (id: RequestId) => Promise<O.Option<StoredWaitlistRequest>>

/**
 * `GET /apis/v1/waitlist-requests/{id}`: the same payload as the 201, read
 * straight from PostgreSQL. Someone else's request is answered exactly as one
 * that does not exist, so ids reveal nothing across patients or tenants.
 */
export const readWaitlistRequest =
  (find: FindWaitlistRequest): Middleware<AuthenticatedState> =>
  async (ctx) => {
    const id = (ctx as unknown as { params: Record<string, string> }).params['id']
    const found = RequestId.is(id) ? await find(id) : O.none
    if (O.isSome(found) && mayReadStored(ctx.state.actor, found.value)) {
      // The version to send back as If-Match when changing it.
      return answerSuccess(ctx, 200, found.value.request, { ETag: etagOf(found.value.version) })
    }
    answerNotFound(ctx)
  }
