import { TextDecoder } from 'node:util'
import { koaBody } from 'koa-body'
import type { Middleware } from 'koa'

const messages: Record<string, string> = {
  'encoding.unsupported': 'request body uses an unsupported Content-Encoding',
  'request.aborted': 'request body was cut off',
  'request.size.invalid': 'request body does not match its Content-Length',
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * JSON bodies only (UTF-8, as RFC 8259 requires), up to `limitBytes`, of the JSON media `types` a route takes
 * (`application/fhir+json` too where it reads FHIR).
 *
 * koa-body reads the body, but we parse it ourselves: its JSON parser refuses
 * any `__proto__` key outright (we ignore unknown keys, and JSON.parse makes
 * `__proto__` a plain own key, never a prototype) and its decoder turns
 * invalid UTF-8 into U+FFFD silently. Reading as latin1 keeps every byte as
 * one character, so the bytes can then be decoded strictly. Errors are
 * rewritten here so a client never sees a parser's own words.
 */
export const jsonBody = (limitBytes: number, types: ReadonlyArray<string> = ['application/json']): Middleware[] => {
  const requireJson: Middleware = async (ctx, next) => {
    if (!ctx.is([...types])) ctx.throw(415, `Content-Type must be ${types.join(' or ')}`)
    const charset = ctx.request.charset
    if (charset !== '' && charset.toLowerCase() !== 'utf-8' && charset.toLowerCase() !== 'utf8') {
      ctx.throw(415, 'Content-Type charset must be utf-8')
    }
    await next()
  }
  const read = koaBody({
    json: false,
    text: true,
    textTypes: [...types],
    textLimit: limitBytes,
    encoding: 'latin1',
    multipart: false,
    urlencoded: false,
    onError: (error, ctx) => {
      const { status, type } = error as { status?: number; type?: string }
      if (status === 413) ctx.throw(413, `request body is larger than ${limitBytes} bytes`)
      ctx.throw(status === 415 ? 415 : 400, messages[type ?? ''] ?? 'request body could not be read')
    },
  })
  const decode: Middleware = async (ctx, next) => {
    const request = ctx.request as { body?: unknown }
    const bytes = Buffer.from(typeof request.body === 'string' ? request.body : '', 'latin1')
    let text: string
    try {
      text = strictUtf8.decode(bytes)
    } catch {
      return ctx.throw(400, 'request body is not valid UTF-8')
    }
    try {
      request.body = text.trim() === '' ? undefined : JSON.parse(text)
    } catch {
      return ctx.throw(400, 'request body is not valid JSON')
    }
    await next()
  }
  const readThenDecode: Middleware = async (ctx, next) => {
    await read(ctx, async () => {
      await decode(ctx, next)
    })
  }
  return [requireJson, readThenDecode]
}
