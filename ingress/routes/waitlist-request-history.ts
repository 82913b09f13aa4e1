import * as O from 'fp-ts/Option'
import type { Middleware } from 'koa'
import { RequestId } from '../../shared/codecs/request-id'
import { answerSuccess } from '../http/answers'
import type { HistoryPage } from '../../shared/waitlist-request/history'
import { historyAsSeenBy, type StoredHistoryEntry } from '../../shared/waitlist-request/writer'
import { mayReadStored } from '../../shared/waitlist-request/read-access'
import type { AuthenticatedState } from '../middleware/authenticate'
import type { FindWaitlistRequest } from './read-waitlist-request'
import { pathId } from './update-answer'
import { answerNotFound } from './refusal-answers'

export type FindHistory = (id: RequestId) => Promise<StoredHistoryEntry[]>

/**
 * `GET /apis/v1/waitlist-requests/{id}/history`: every write, oldest first,
 * to whoever may read the request (a patient sees staff as "clinic staff");
 * anyone else gets the 404 of an unknown id.
 */
export const waitlistRequestHistory =
  (find: FindWaitlistRequest, findHistory: FindHistory): Middleware<AuthenticatedState> =>
  async (ctx) => {
    const id = pathId(ctx)
    const found = RequestId.is(id) ? await find(id) : O.none
    if (!RequestId.is(id) || O.isNone(found) || !mayReadStored(ctx.state.actor, found.value)) return answerNotFound(ctx)
    const page: HistoryPage = { items: historyAsSeenBy(ctx.state.actor, await findHistory(id)) }
    answerSuccess(ctx, 200, page)
  }
