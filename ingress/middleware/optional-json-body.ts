import type { Middleware } from 'koa'
import { jsonBody } from './json-body'

/**
 * For actions whose body is optional (cancel with no reason): a request with
 * no body at all reads as `{}`; one with a body must be JSON like any other.
 */
export const optionalJsonBody = (limitBytes: number): Middleware => {
  const [requireJson, parse] = jsonBody(limitBytes) as [Middleware, Middleware]
  return async (ctx, next) => {
    const hasBody = ctx.get('Transfer-Encoding') !== '' || (ctx.request.length ?? 0) > 0
    if (!hasBody) {
      ;(ctx.request as { body?: unknown }).body = {}
      await next()
      return
    }
    await requireJson(ctx, async () => {
      await parse(ctx, next)
    })
  }
}
