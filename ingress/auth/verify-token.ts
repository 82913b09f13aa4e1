import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import jwt from 'jsonwebtoken'
import { actorFromClaims, type AuthFailure } from '../../shared/auth/actor-from-claims'
import type { Actor } from '../../shared/auth/actor'
import type { VerificationKey } from './verification-key'

const CLOCK_TOLERANCE_SECONDS = 30

const unauthorized = (message: string): AuthFailure => ({ status: 401, message })

const reasonFor = (error: unknown): string => {
  if (error instanceof jwt.TokenExpiredError) return 'token has expired'
  if (error instanceof jwt.NotBeforeError) return 'token is not valid yet'
  return 'token is invalid'
}

export type VerifyToken = (token: string) => E.Either<AuthFailure, Actor>

export const tokenVerifier =
  (key: VerificationKey): VerifyToken =>
  (token) =>
    pipe(
      E.tryCatch(
        () =>
          jwt.verify(token, key.key, {
            algorithms: key.algorithms,
            clockTolerance: CLOCK_TOLERANCE_SECONDS,
            ...(key.issuer === undefined ? {} : { issuer: key.issuer }),
            ...(key.audience === undefined ? {} : { audience: key.audience }),
          }),
        (error) => unauthorized(reasonFor(error)),
      ),
      E.chain((payload) =>
        typeof payload === 'object' && payload !== null
          ? E.right(payload as Record<string, unknown>)
          : E.left(unauthorized('token is invalid')),
      ),
      // jsonwebtoken accepts tokens without exp; we do not: every token must run out.
      E.chain((claims) =>
        typeof claims['exp'] === 'number' ? E.right(claims) : E.left(unauthorized('token has no exp claim')),
      ),
      E.chain(actorFromClaims),
    )
