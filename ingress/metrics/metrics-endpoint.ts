import type { Middleware } from 'koa'
import type { Registry } from 'prom-client'
import { mayReadMetrics } from '../../scripts/process-metrics'
import { answerRefusal } from '../http/answers'

/**
 * `GET /metrics`: the process's registry in Prometheus's text format; with METRICS_TOKEN set, only to
 * `Authorization: Bearer <METRICS_TOKEN>` (anything else is the usual 401 envelope).
 */
export const metricsEndpoint =
  (registry: Registry, token: string | undefined): Middleware =>
  async (ctx) => {
    if (!mayReadMetrics(ctx.get('Authorization') || undefined, token)) {
      const message = 'metrics are read with the metrics bearer token'
      return answerRefusal(
        ctx,
        { reason: 'unauthenticated', errors: [{ field: 'Authorization', message }] },
        {
          'WWW-Authenticate': 'Bearer',
        },
      )
    }
    ctx.type = registry.contentType
    ctx.body = await registry.metrics()
  }
