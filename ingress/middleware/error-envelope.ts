import type { Middleware } from 'koa'
import type { Logger } from 'pino'
import { STATUS_CODES } from 'node:http'
import { errorEnvelope } from '../../shared/http/envelope'

const statusOf = (error: unknown): number => {
  const status =
    (error as { status?: unknown; statusCode?: unknown })?.status ?? (error as { statusCode?: unknown })?.statusCode
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500
}

const exposedMessage = (error: unknown): string | undefined => {
  const candidate = error as { expose?: unknown; message?: unknown }
  return candidate?.expose === true && typeof candidate.message === 'string' ? candidate.message : undefined
}

const defaultMessage = (status: number): string => (STATUS_CODES[status] ?? 'Error').toLowerCase()

const messageForEmpty = (method: string, path: string, status: number): string => {
  if (status === 404) return `no route for ${method} ${path}`
  if (status === 405) return `method ${method} is not allowed on ${path}`
  return defaultMessage(status)
}

/**
 * The one place answers become envelopes (docs/contract.md#envelope-and-codes): thrown client errors
 * keep their message, anything else is a 500 whose details go to the log only,
 * and an empty 4xx/5xx (an unknown route, a wrong method) gets a body too.
 */
export const errorEnvelopeMiddleware =
  (logger: Logger): Middleware =>
  async (ctx, next) => {
    ctx.set('Cache-Control', 'no-store')
    ctx.set('X-Content-Type-Options', 'nosniff')
    try {
      await next()
      if (ctx.status >= 400 && (ctx.body === undefined || ctx.body === null)) {
        const status = ctx.status
        ctx.body = errorEnvelope(status, messageForEmpty(ctx.method, ctx.path, status))
        // Koa turns a body set on an untouched 404 into a 200; the status is restored.
        ctx.status = status
      }
    } catch (error) {
      const status = statusOf(error)
      const message = status < 500 ? (exposedMessage(error) ?? defaultMessage(status)) : undefined
      if (message === undefined) {
        logger.error({ err: error, method: ctx.method, path: ctx.path }, 'request failed')
      }
      const headers = (error as { headers?: Record<string, string> })?.headers
      if (status < 500 && headers !== undefined) ctx.set(headers)
      ctx.status = status
      ctx.body = errorEnvelope(
        status,
        message ?? (status === 503 ? 'service temporarily unavailable, please retry' : 'internal server error'),
      )
    }
  }
