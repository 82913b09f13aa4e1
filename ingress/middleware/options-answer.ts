import type { Middleware } from 'koa'
import { answerSuccess } from '../http/answers'

/**
 * @koa/router's allowedMethods answers `OPTIONS` with 200, the path's methods
 * in `Allow` and an empty body; placed just before it, this gives that answer
 * the envelope every other has, listing the same methods in `data.allow`.
 */
export const optionsInEnvelope: Middleware = async (ctx, next) => {
  await next()
  const allow = ctx.response.get('Allow')
  if (ctx.method === 'OPTIONS' && ctx.status === 200 && allow !== '') {
    answerSuccess(ctx, 200, { allow: allow.split(', ') })
  }
}
