import * as E from 'fp-ts/Either'
import type { AuthFailure } from './actor-from-claims'

interface TokenTimeLimits {
  /** The longest a token may live: exp − iat, or exp − now when it has no iat. */
  readonly maxLifetimeSeconds: number
  /** How far the issuer's clock may be from ours. */
  readonly clockToleranceSeconds: number
}

const unauthorized = (message: string): E.Either<AuthFailure, never> => E.left({ reason: 'unauthenticated', message })

/** RFC 7519's NumericDate: seconds since the epoch, finite (JSON's `1e999` parses to Infinity). */
const isNumericDate = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value)

const NOT_A_DATE = 'must be a number of seconds since 1970-01-01T00:00:00Z'

/**
 * The time claims of a token whose signature has been checked, judged at
 * `now` (seconds since the epoch). `exp` is required, so every token runs out;
 * a lifetime cap means a leaked token is useful for a bounded time however its
 * issuer set `exp`; an `iat` in the future means a skewed or forged issuer.
 */
export const checkTokenTimes = (
  claims: Record<string, unknown>,
  now: number,
  limits: TokenTimeLimits,
): E.Either<AuthFailure, Record<string, unknown>> => {
  const { exp, iat, nbf } = claims
  const tolerance = limits.clockToleranceSeconds
  if (exp === undefined) return unauthorized('token has no exp claim')
  if (!isNumericDate(exp)) return unauthorized(`token exp claim ${NOT_A_DATE}`)
  if (iat !== undefined && !isNumericDate(iat)) return unauthorized(`token iat claim ${NOT_A_DATE}`)
  if (nbf !== undefined && !isNumericDate(nbf)) return unauthorized(`token nbf claim ${NOT_A_DATE}`)
  if (now >= exp + tolerance) return unauthorized('token has expired')
  if (nbf !== undefined && nbf > now + tolerance) return unauthorized('token is not valid yet')
  if (iat !== undefined && iat > now + tolerance) return unauthorized('token was issued in the future (iat)')
  const max = limits.maxLifetimeSeconds
  if (iat !== undefined && exp - iat > max) return unauthorized(`token lives longer than ${max} seconds (exp − iat)`)
  if (iat === undefined && exp - now > max + tolerance)
    return unauthorized(`token expires more than ${max} seconds from now`)
  return E.right(claims)
}
