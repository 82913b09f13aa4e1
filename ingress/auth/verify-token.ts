import { createPublicKey, createSecretKey, type KeyObject } from 'node:crypto'
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import jwt from 'jsonwebtoken'
import { actorFromClaims, type AuthFailure } from '../../shared/auth/actor-from-claims'
import type { Actor } from '../../shared/auth/actor'
import { checkTokenTimes } from '../../shared/auth/token-times'
import type { VerificationKey } from './verification-key'

const CLOCK_TOLERANCE_SECONDS = 30

const unauthorized = (message: string): AuthFailure => ({ reason: 'unauthenticated', message })

export type VerifyToken = (token: string) => E.Either<AuthFailure, Actor>

/**
 * Made once: given a string, jsonwebtoken builds a KeyObject on every verify,
 * measured at a tenth of the ingress's CPU under load.
 */
const keyObject = (key: VerificationKey): KeyObject =>
  key.algorithms.includes('HS256') ? createSecretKey(Buffer.from(key.key, 'utf8')) : createPublicKey(key.key)

/*
 * RFC 7515 §4.1.11: a `crit` header lists extensions the token's reader must
 * understand or refuse it. We understand none, and jsonwebtoken ignores the
 * header, so any `crit` is refused here.
 */
const withoutCriticalExtensions = (decoded: jwt.Jwt): E.Either<AuthFailure, jwt.Jwt> =>
  'crit' in decoded.header
    ? E.left(unauthorized('token has a crit header this service does not understand'))
    : E.right(decoded)

/**
 * jsonwebtoken checks the signature (algorithms pinned), `iss` and `aud`; the
 * time claims are judged by checkTokenTimes, which also caps a token's
 * lifetime and says which claim is wrong.
 */
export const tokenVerifier = (key: VerificationKey): VerifyToken => {
  const secretOrPublicKey = keyObject(key)
  const limits = { maxLifetimeSeconds: key.maxLifetimeSeconds, clockToleranceSeconds: CLOCK_TOLERANCE_SECONDS }
  return (token) =>
    pipe(
      E.tryCatch(
        () =>
          jwt.verify(token, secretOrPublicKey, {
            algorithms: key.algorithms,
            complete: true,
            ignoreExpiration: true,
            ignoreNotBefore: true,
            ...(key.issuer === undefined ? {} : { issuer: key.issuer }),
            ...(key.audience === undefined ? {} : { audience: key.audience }),
          }),
        () => unauthorized('token is invalid'),
      ),
      E.chain(withoutCriticalExtensions),
      E.chain(({ payload }) =>
        typeof payload === 'object' && payload !== null
          ? E.right(payload as Record<string, unknown>)
          : E.left(unauthorized('token is invalid')),
      ),
      E.chain((claims) => checkTokenTimes(claims, Date.now() / 1000, limits)),
      E.chain(actorFromClaims),
    )
}
