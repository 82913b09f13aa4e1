import { randomUUID } from 'node:crypto'
import type { Middleware, ParameterizedContext } from 'koa'
import type { Logger } from 'pino'
import { CorrelationId } from '../../shared/queue/job-correlation'
import { loggedPath } from '../offer-page/offer-page-paths'

/** The request's id, on `ctx.state` for what the request hands on (the jobs it adds). */
interface RequestIdState {
  requestId?: CorrelationId
}

export const requestIdOf = (ctx: ParameterizedContext): CorrelationId | undefined =>
  (ctx.state as RequestIdState).requestId

/**
 * One log line per request, tagged with an id the client may send (X-Request-Id, taken when it is a sane token)
 * and always gets back; its path without an offer link's token. A fault's line carries the same id, and so do the
 * lines of the jobs the request adds (their `correlation_id`).
 */
export const requestLog =
  (logger: Logger): Middleware<RequestIdState> =>
  async (ctx, next) => {
    const started = process.hrtime.bigint()
    const given = ctx.get('X-Request-Id')
    const requestId = CorrelationId.is(given) ? given : (randomUUID() as CorrelationId)
    ctx.set('X-Request-Id', requestId)
    ctx.state.requestId = requestId
    try {
      await next()
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6
      logger.info(
        { requestId, method: ctx.method, path: loggedPath(ctx.path), status: ctx.status, ms: Math.round(ms * 10) / 10 },
        'request',
      )
    }
  }
