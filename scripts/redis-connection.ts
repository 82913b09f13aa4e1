import { Cluster, Redis, type RedisOptions } from 'ioredis'
import type { Logger } from 'pino'
import type { Config } from '../shared/config/config'

/** One Redis server, or a Redis Cluster: every part of the service takes either. */
export type RedisClient = Redis | Cluster

const reconnectAfter = (attempt: number) => Math.min(attempt * 200, 2_000)

/**
 * Every Redis connection the service's processes make is made here, to REDIS_URL or, when REDIS_CLUSTER_NODES is
 * set, to that cluster (docs/scaling.md#redis-cluster); a `duplicate()` of one keeps its kind and options.
 *
 * BullMQ wants blocking connections that retry forever (workers, queue events), while a producer should fail fast
 * when Redis is away so the client hears 503 at once rather than hanging (BullMQ's production guide). On a cluster
 * the per-command settings go to each node's connection, and the fail-fast queueing is the cluster's own: ioredis
 * always queues for a node it is still connecting to, and refuses while the cluster as a whole is not ready.
 */
export const redisConnection = (
  config: Pick<Config, 'REDIS_URL' | 'REDIS_CLUSTER_NODES'>,
  role: 'blocking' | 'producer',
  logger: Logger,
): RedisClient => {
  const options: RedisOptions =
    role === 'blocking'
      ? { maxRetriesPerRequest: null }
      : { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 1_000 }
  const cluster = config.REDIS_CLUSTER_NODES
  const connection =
    cluster === undefined
      ? new Redis(config.REDIS_URL, { ...options, retryStrategy: reconnectAfter })
      : new Cluster([...cluster.seeds], {
          clusterRetryStrategy: reconnectAfter,
          enableOfflineQueue: role === 'blocking',
          redisOptions: {
            ...options,
            ...(cluster.username === undefined ? {} : { username: cluster.username }),
            ...(cluster.password === undefined ? {} : { password: cluster.password }),
            ...(cluster.tls ? { tls: {} } : {}),
          },
        })
  connection.on('error', (error) => logger.warn({ err: error, role }, 'redis connection error'))
  return connection
}
