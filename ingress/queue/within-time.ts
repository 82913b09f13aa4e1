/** Redis did not answer in time, or not at all: nothing was acknowledged, the client may retry (503). */
export class RedisUnavailable extends Error {}

/**
 * Fails at once while the connection is known to be down (ioredis is
 * reconnecting), rather than spending the whole timeout finding out.
 */
export const requireConnected = (redis: { readonly status: string }, what: string): void => {
  if (redis.status !== 'ready') throw new RedisUnavailable(`${what}: Redis connection is ${redis.status}`)
}

/** Settles as `promise` does, or rejects with RedisUnavailable after `ms`. */
export const withinTime = <A>(promise: Promise<A>, ms: number, what: string): Promise<A> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new RedisUnavailable(`${what}: no answer within ${ms} ms`)), ms)
    promise
      .then(resolve, (error: unknown) => reject(new RedisUnavailable(what, { cause: error })))
      .finally(() => clearTimeout(timer))
  })
