import { koaBody } from 'koa-body'
import type { Middleware } from 'koa'

const messages: Record<string, string> = {
  'entity.parse.failed': 'request body is not valid JSON',
  'encoding.unsupported': 'request body uses an unsupported Content-Encoding',
  'charset.unsupported': 'request body uses an unsupported charset',
}

/**
 * JSON bodies only, up to `limitBytes`. Parser errors are rewritten here so a
 * client never sees a parser's own words (or learns which parser we run).
 */
export const jsonBody = (limitBytes: number): Middleware[] => {
  const requireJson: Middleware = async (ctx, next) => {
    if (!ctx.is('application/json')) ctx.throw(415, 'Content-Type must be application/json')
    await next()
  }
  const parse = koaBody({
    json: true,
    jsonStrict: false,
    jsonLimit: limitBytes,
    multipart: false,
    urlencoded: false,
    text: false,
    onError: (error, ctx) => {
      const { status, type } = error as { status?: number; type?: string }
      if (status === 413) ctx.throw(413, `request body is larger than ${limitBytes} bytes`)
      const code = status !== undefined && status >= 400 && status < 500 ? status : 400
      ctx.throw(code === 415 ? 415 : 400, messages[type ?? ''] ?? 'request body could not be read')
    },
  }) as unknown as Middleware
  return [requireJson, parse]
}
