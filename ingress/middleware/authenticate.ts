import * as E from 'fp-ts/Either'
import type { Middleware } from 'koa'
import type { Actor } from '../../shared/auth/actor'
import type { VerifyToken } from '../auth/verify-token'

export interface AuthenticatedState {
  actor: Actor
}

const bearerToken = (header: string | undefined): string | undefined => {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')
  return match?.[1]
}

/** Puts the verified actor on `ctx.state.actor`, or answers 401/403 before anything else runs. */
export const authenticate =
  (verify: VerifyToken): Middleware<AuthenticatedState> =>
  async (ctx, next) => {
    const token = bearerToken(ctx.get('Authorization') || undefined)
    if (token === undefined) {
      return ctx.throw(401, 'missing bearer token', { headers: { 'WWW-Authenticate': 'Bearer' } })
    }
    const actor = verify(token)
    if (E.isLeft(actor)) {
      const headers = actor.left.status === 401 ? { 'WWW-Authenticate': 'Bearer error="invalid_token"' } : undefined
      return ctx.throw(actor.left.status, actor.left.message, headers === undefined ? {} : { headers })
    }
    ctx.state.actor = actor.right
    await next()
  }
