import { randomUUID } from 'node:crypto'
import type { Middleware } from 'koa'
import type { Logger } from 'pino'
import { loggedPath } from '../offer-page/offer-page-paths'

const REQUEST_ID = /^[\w.-]{1,128}$/

/**
 * One log line per request, tagged with an id the client may send (X-Request-Id) and always gets back; its path
 * without an offer link's token.
 */
export const requestLog =
  (logger: Logger): Middleware =>
  async (ctx, next) => {
    const started = process.hrtime.bigint()
    const given = ctx.get('X-Request-Id')
    const requestId = REQUEST_ID.test(given) ? given : randomUUID()
    ctx.set('X-Request-Id', requestId)
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
