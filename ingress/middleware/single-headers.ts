import type { Middleware } from 'koa'
import * as NEA from 'fp-ts/NonEmptyArray'
import * as O from 'fp-ts/Option'
import { refuse } from '../../shared/errors/refusal'
import { IDEMPOTENCY_KEY_HEADER } from '../../shared/idempotency/idempotency-key'
import { answerRefusal } from '../http/answers'

/**
 * Headers whose meaning a second copy would make ambiguous. Node keeps the
 * first Authorization and drops the rest, and joins two Idempotency-Keys with
 * ", " into a key nobody sent; neither is what the client meant, so neither
 * is guessed at.
 */
const SENT_ONCE = ['Authorization', IDEMPOTENCY_KEY_HEADER] as const

const timesSent = (rawHeaders: ReadonlyArray<string>, name: string): number =>
  rawHeaders.filter((entry, index) => index % 2 === 0 && entry.toLowerCase() === name.toLowerCase()).length

/** A 400 naming every header sent more than once, before anything reads them (authentication included). */
export const singleHeaders: Middleware = async (ctx, next) => {
  const repeated = NEA.fromArray(SENT_ONCE.filter((name) => timesSent(ctx.req.rawHeaders, name) > 1))
  if (O.isNone(repeated)) {
    await next()
    return
  }
  const errors = NEA.map((name: string) => ({ field: name, message: `${name} must be sent once` }))(repeated.value)
  answerRefusal(ctx, refuse('invalid')(errors))
}
