import * as E from 'fp-ts/Either'
import type { Middleware } from 'koa'
import type { Actor } from '../../shared/auth/actor'
import type { VerifyToken } from '../auth/verify-token'
import type { AuthFailure } from '../../shared/auth/actor-from-claims'
import { answerRefusal } from '../http/answers'

export interface AuthenticatedState {
  actor: Actor
}

/** The token of an `Authorization: Bearer …` header; undefined for any other header, or none. */
export const bearerToken = (header: string | undefined): string | undefined => {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')
  return match?.[1]
}

type Verification = E.Either<AuthFailure, Actor> | undefined

const verifications = new WeakMap<object, Verification>()

/**
 * The request's bearer token verified, or undefined when it sent none. Verified once per request however many
 * middlewares ask (the rate limit at the door, then the route's authenticate): a verify is real CPU under load.
 */
export const verifiedCaller = (ctx: Parameters<Middleware>[0], verify: VerifyToken): Verification => {
  if (verifications.has(ctx)) return verifications.get(ctx)
  const token = bearerToken(ctx.get('Authorization') || undefined)
  const verification = token === undefined ? undefined : verify(token)
  verifications.set(ctx, verification)
  return verification
}

/** RFC 6750: a 401 says how to authenticate; a 403's caller is known, so it does not. */
const refuseWith = (ctx: Parameters<Middleware>[0], failure: AuthFailure, challenge: string) =>
  answerRefusal(
    ctx,
    { reason: failure.reason, errors: [{ field: 'Authorization', message: failure.message }] },
    failure.reason === 'unauthenticated' ? { 'WWW-Authenticate': challenge } : {},
  )

/** Puts the verified actor on `ctx.state.actor`, or answers 401/403 before anything else runs. */
export const authenticate =
  (verify: VerifyToken): Middleware<AuthenticatedState> =>
  async (ctx, next) => {
    const actor = verifiedCaller(ctx, verify)
    if (actor === undefined) {
      return refuseWith(ctx, { reason: 'unauthenticated', message: 'missing bearer token' }, 'Bearer')
    }
    if (E.isLeft(actor)) return refuseWith(ctx, actor.left, 'Bearer error="invalid_token"')
    ctx.state.actor = actor.right
    await next()
  }
