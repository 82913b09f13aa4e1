import { createHash } from 'node:crypto'
import * as E from 'fp-ts/Either'
import type { RedisClient } from '../../scripts/redis-connection'
import type { RequestId } from '../../shared/codecs/request-id'
import {
  IDEMPOTENCY_KEY_TTL_SECONDS,
  IdempotencyRecord,
  type StoredAnswer,
} from '../../shared/idempotency/idempotency-key'
import { requireConnected, withinTime } from '../queue/within-time'

type Claim =
  /** First use of the key: go ahead with this request id. */
  | { readonly kind: 'claimed'; readonly request_id: RequestId }
  /** Used before for the same request, not finished yet: wait on the same request id, then answer. */
  | { readonly kind: 'in-flight'; readonly request_id: RequestId }
  | { readonly kind: 'answered'; readonly answer: StoredAnswer }
  /** Used before for a different request. */
  | { readonly kind: 'mismatch' }

export interface IdempotencyStore {
  readonly claim: (scope: string, key: string, fingerprint: string, requestId: RequestId) => Promise<Claim>
  readonly answer: (scope: string, key: string, record: IdempotencyRecord) => Promise<void>
  readonly release: (scope: string, key: string) => Promise<void>
}

const hash = (text: string) => createHash('sha256').update(text).digest('hex')

/** Fingerprint of what a request asks for, compared when a key comes back. */
export const fingerprintOf = (canonicalRequest: string): string => hash(canonicalRequest)

/**
 * Keys live in Redis beside the queue (same persistence, same prefix), scoped
 * per user: the user id and key are hashed into the Redis key, so neither
 * length nor content of either can shape it.
 */
export const redisIdempotencyStore = (redis: RedisClient, prefix: string, timeoutMs: number): IdempotencyStore => {
  const redisKey = (scope: string, key: string) => `${prefix}:idempotency:${hash(scope)}:${hash(key)}`
  const ttl = IDEMPOTENCY_KEY_TTL_SECONDS

  const read = async (at: string): Promise<IdempotencyRecord | undefined> => {
    const stored = await redis.get(at)
    if (stored === null) return undefined
    const decoded = IdempotencyRecord.decode(JSON.parse(stored))
    if (E.isLeft(decoded)) throw new Error('stored idempotency record does not match its contract')
    return decoded.right
  }

  const claim = async (scope: string, key: string, fingerprint: string, requestId: RequestId): Promise<Claim> => {
    const at = redisKey(scope, key)
    const fresh: IdempotencyRecord = { fingerprint, request_id: requestId, answer: null }
    if ((await redis.set(at, JSON.stringify(fresh), 'EX', ttl, 'NX')) === 'OK') {
      return { kind: 'claimed', request_id: requestId }
    }
    const existing = await read(at)
    // Expired between the two calls: claim again from the start.
    if (existing === undefined) return claim(scope, key, fingerprint, requestId)
    if (existing.fingerprint !== fingerprint) return { kind: 'mismatch' }
    return existing.answer === null
      ? { kind: 'in-flight', request_id: existing.request_id }
      : { kind: 'answered', answer: existing.answer }
  }

  return {
    claim: async (scope, key, fingerprint, requestId) => {
      requireConnected(redis, 'idempotency claim')
      return withinTime(claim(scope, key, fingerprint, requestId), timeoutMs, 'idempotency claim')
    },
    answer: async (scope, key, record) => {
      await withinTime(
        redis.set(redisKey(scope, key), JSON.stringify(record), 'EX', ttl),
        timeoutMs,
        'idempotency answer',
      )
    },
    release: async (scope, key) => {
      await withinTime(redis.del(redisKey(scope, key)), timeoutMs, 'idempotency release')
    },
  }
}
