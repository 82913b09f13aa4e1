import type { Middleware } from 'koa'
import type { Logger } from 'pino'
import { ANSWER_HEADERS, respond, statusAnswer } from '../http/answers'
import { isDatabaseUnavailable } from '../http/database-unavailable'
import { loggedPath } from '../offer-page/offer-page-paths'
import { requestIdOf } from './request-log'

const statusOf = (error: unknown): number => {
  if (isDatabaseUnavailable(error)) return 503
  const status =
    (error as { status?: unknown; statusCode?: unknown })?.status ?? (error as { statusCode?: unknown })?.statusCode
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500
}

const exposedMessage = (error: unknown): string | undefined => {
  const candidate = error as { expose?: unknown; message?: unknown }
  return candidate?.expose === true && typeof candidate.message === 'string' ? candidate.message : undefined
}

const messageForEmpty = (method: string, path: string, status: number): string | undefined => {
  if (status === 404) return `no route for ${method} ${path}`
  if (status === 405) return `method ${method} is not allowed on ${path}`
  return undefined
}

/**
 * Koa's one error-handling middleware, at the top: what a route answered
 * itself went through ingress/http/answers.ts; here thrown client errors (the
 * body parser's 413, a 503 from the queue) keep their message, PostgreSQL out
 * of reach is a 503 as Redis is, anything else is a 500 whose details go to the
 * log only, and an empty 4xx/5xx (an unknown route, a wrong method) gets an
 * envelope too.
 */
export const errorEnvelopeMiddleware =
  (logger: Logger): Middleware =>
  async (ctx, next) => {
    ctx.set(ANSWER_HEADERS)
    try {
      await next()
      if (ctx.status >= 400 && (ctx.body === undefined || ctx.body === null)) {
        // Koa turns a body set on an untouched 404 into a 200; respond sets the status again after the body.
        const status = ctx.status
        respond(ctx, statusAnswer(status, messageForEmpty(ctx.method, ctx.path, status)))
        ctx.status = status
      }
    } catch (error) {
      const status = statusOf(error)
      const message = status < 500 ? exposedMessage(error) : undefined
      if (message === undefined && status >= 500) {
        logger.error(
          { err: error, requestId: requestIdOf(ctx), method: ctx.method, path: loggedPath(ctx.path) },
          'request failed',
        )
      }
      const headers = (error as { headers?: Record<string, string> })?.headers
      const fallback =
        status === 503
          ? 'service temporarily unavailable, please retry'
          : status >= 500
            ? 'internal server error'
            : undefined
      respond(ctx, statusAnswer(status, message ?? fallback), status < 500 && headers !== undefined ? headers : {})
    }
  }
