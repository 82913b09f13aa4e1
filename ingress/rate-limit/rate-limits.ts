import { createHash } from 'node:crypto'
import type { RedisClient } from '../../scripts/redis-connection'
import type { Logger } from 'pino'
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible'
import type { Actor } from '../../shared/auth/actor'
import { withinTime } from '../queue/within-time'

type LimitName = 'user' | 'ip'

type Verdict =
  | { readonly kind: 'admitted' }
  /** Over a limit this minute; the window that counts it ends in `retryAfterSeconds`. */
  | { readonly kind: 'limited'; readonly limit: LimitName; readonly retryAfterSeconds: number }
  /** Redis did not answer in time: admitted without a count (fail open), so the request meets its own 503 or not. */
  | { readonly kind: 'unchecked' }

export interface RateLimits {
  readonly admit: (caller: { readonly ip: string; readonly actor: Actor | undefined }) => Promise<Verdict>
}

/** After Redis failed a check, this long without asking it again: only the first request of an outage waits. */
const RESTING_MS = 5_000

const WINDOW_SECONDS = 60

/** Who a user is for the limit: the same `sub` under another role or organization is another caller. */
const callerIdentity = (actor: Actor): string =>
  JSON.stringify(
    actor.role === 'USER' ? [actor.role, actor.patient_id, actor.sub] : [actor.role, actor.org_id, actor.sub],
  )

/** Keys are hashes: neither a 255-character `sub` nor a patient id ever stands in a Redis key as written. */
const keyOf = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 22)

/**
 * Per caller and per client address, each a fixed one-minute window counted in Redis beside the queue (under its
 * `{hash tag}` prefix, as the idempotency keys are). A key over its limit is also refused from memory until its
 * window ends, so a script hammering the API costs Redis nothing more. A limit of 0 is no limit.
 *
 * Fails open: when Redis is down or slower than `timeoutMs`, requests are admitted unchecked (the request then
 * meets its own bounded 503 if it needs Redis), with one log line when that starts and one when it ends.
 */
export const redisRateLimits = (deps: {
  readonly redis: RedisClient
  readonly prefix: string
  readonly perUserPerMinute: number
  readonly perIpPerMinute: number
  readonly timeoutMs: number
  readonly logger: Logger
}): RateLimits => {
  const limiter = (name: LimitName, points: number) =>
    points === 0
      ? undefined
      : new RateLimiterRedis({
          storeClient: deps.redis,
          keyPrefix: `${deps.prefix}:rate-limit:${name}`,
          points,
          duration: WINDOW_SECONDS,
          inMemoryBlockOnConsumed: points + 1,
          rejectIfRedisNotReady: true,
        })
  const limiters = { user: limiter('user', deps.perUserPerMinute), ip: limiter('ip', deps.perIpPerMinute) }
  let restingUntil = 0
  let failing = false

  const consume = async (name: LimitName, identity: string | undefined): Promise<Verdict> => {
    const counter = limiters[name]
    if (counter === undefined || identity === undefined) return { kind: 'admitted' }
    const counted = counter.consume(keyOf(identity)).then(
      (): Verdict => ({ kind: 'admitted' }),
      (refusal: unknown): Verdict => {
        // The library refuses with the count when it is over the limit; anything else is Redis failing.
        if (!(refusal instanceof RateLimiterRes)) throw refusal
        return { kind: 'limited', limit: name, retryAfterSeconds: Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)) }
      },
    )
    return withinTime(counted, deps.timeoutMs, `rate limit ${name}`)
  }

  return {
    admit: async ({ ip, actor }) => {
      if (Date.now() < restingUntil) return { kind: 'unchecked' }
      try {
        const verdicts = await Promise.all([
          consume('user', actor === undefined ? undefined : callerIdentity(actor)),
          consume('ip', ip),
        ])
        if (failing) deps.logger.info('rate limits counted again')
        failing = false
        const limited = verdicts.filter((verdict) => verdict.kind === 'limited')
        return limited.reduce<Verdict>(
          (longest, verdict) =>
            longest.kind === 'limited' && longest.retryAfterSeconds >= verdict.retryAfterSeconds ? longest : verdict,
          { kind: 'admitted' },
        )
      } catch (error) {
        restingUntil = Date.now() + RESTING_MS
        if (!failing) deps.logger.warn({ err: error }, 'rate limits not counted: Redis is not answering, requests pass')
        failing = true
        return { kind: 'unchecked' }
      }
    },
  }
}
