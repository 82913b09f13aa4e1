import type { RedisClient } from '../scripts/redis-connection'
import type { Logger } from 'pino'
import type { Registry } from 'prom-client'
import type { Config } from '../shared/config/config'
import type { Database } from '../worker/db/connection'
import type { AppDependencies } from './app'
import { createApiMetrics } from './metrics/api-metrics'
import { registerStateGauges } from './metrics/state-gauges'
import { watchQueues } from './queue/queue-watch'
import { redisRateLimits } from './rate-limit/rate-limits'
import { countOffersByStatus, countOpeningsByStatus } from './read-model/status-counts'

type OperationsDependencies = Pick<AppDependencies, 'workerCounts' | 'metrics' | 'rateLimits' | 'trustedProxyHops'>

/**
 * What running the API needs beside answering (README.md#operating-it): its metrics in `registry`, the worker
 * counts /readyz reports, and the rate limits, on the API's own Redis connection and read pool.
 */
export const apiOperations = (
  config: Config,
  deps: { readonly registry: Registry; readonly db: Database; readonly redis: RedisClient; readonly logger: Logger },
): { readonly app: OperationsDependencies; readonly close: () => Promise<void> } => {
  const queues = watchQueues(deps.redis, config.QUEUE_PREFIX, config.DEPENDENCY_TIMEOUT_MS)
  registerStateGauges(deps.registry, {
    queues,
    openingsByStatus: countOpeningsByStatus(deps.db),
    offersByStatus: countOffersByStatus(deps.db),
    timeoutMs: config.DEPENDENCY_TIMEOUT_MS,
  })
  const rateLimits = redisRateLimits({
    redis: deps.redis,
    prefix: config.QUEUE_PREFIX,
    perUserPerMinute: config.RATE_LIMIT_PER_USER_PER_MINUTE,
    perIpPerMinute: config.RATE_LIMIT_PER_IP_PER_MINUTE,
    // A hung Redis delays a request by this once per outage, before its own bounded wait for the queue.
    timeoutMs: Math.max(50, Math.round(config.DEPENDENCY_TIMEOUT_MS / 4)),
    logger: deps.logger,
  })
  return {
    app: {
      workerCounts: queues.workerCounts,
      metrics: { registry: deps.registry, api: createApiMetrics(deps.registry), token: config.METRICS_TOKEN },
      rateLimits,
      trustedProxyHops: config.TRUSTED_PROXY_HOPS,
    },
    close: queues.close,
  }
}
