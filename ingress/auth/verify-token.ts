import { createPublicKey, createSecretKey, type KeyObject } from 'node:crypto'
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

/**
 * Made once: given a string, jsonwebtoken builds a KeyObject on every verify,
 * measured at a tenth of the ingress's CPU under load.
 */
const keyObject = (key: VerificationKey): KeyObject =>
  key.algorithms.includes('HS256') ? createSecretKey(Buffer.from(key.key, 'utf8')) : createPublicKey(key.key)

export const tokenVerifier = (key: VerificationKey): VerifyToken => {
  const secretOrPublicKey = keyObject(key)
  return (token) =>
    pipe(
      E.tryCatch(
        () =>
          jwt.verify(token, secretOrPublicKey, {
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
}
