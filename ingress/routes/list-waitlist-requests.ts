import * as E from 'fp-ts/Either'
import type { Middleware } from 'koa'
import type { Actor } from '../../shared/auth/actor'
import { decodeWithFieldErrors } from '../../shared/errors/field-error'
import { ListQuery, listPageAsSeenBy, type StoredListPage } from '../../shared/waitlist-request/list-query'
import { scopeListQuery, type ListFilter, type ListReferences } from '../../shared/waitlist-request/list-scope'
import type { AuthenticatedState } from '../middleware/authenticate'
import { answerInvalid } from './refusal-answers'
import { answerSuccess } from '../http/answers'

export interface ListPorts {
  readonly lookupReferences: (actor: Actor, query: ListQuery) => Promise<ListReferences>
  readonly list: (filter: ListFilter) => Promise<StoredListPage>
}

/**
 * `GET /apis/v1/waitlist-requests`: filters judged (an unknown value is a 400
 * naming it), scoped to what the caller may see, one keyset page read straight
 * from PostgreSQL, with the cursor of the next.
 */
export const listWaitlistRequests =
  (ports: ListPorts): Middleware<AuthenticatedState> =>
  async (ctx) => {
    const query = decodeWithFieldErrors(ListQuery)(ctx.query)
    if (E.isLeft(query)) return answerInvalid(ctx, query.left)
    const filter = scopeListQuery(
      ctx.state.actor,
      query.right,
      await ports.lookupReferences(ctx.state.actor, query.right),
    )
    if (E.isLeft(filter)) return answerInvalid(ctx, filter.left)
    answerSuccess(ctx, 200, listPageAsSeenBy(ctx.state.actor, await ports.list(filter.right)))
  }
