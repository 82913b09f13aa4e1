import { STATUS_CODES } from 'node:http'
import type { ParameterizedContext } from 'koa'
import type { FieldError } from '../../shared/errors/field-error'
import type { Refusal, RefusalReason } from '../../shared/errors/refusal'
import type { StoredAnswer } from '../../shared/idempotency/idempotency-key'
import type { ErrorBody } from './envelope'

/**
 * The one place an outcome becomes an HTTP answer: its status and the `{code, message, data}` envelope, `code`
 * being the status × 10 except a 201's 2000 (docs/contract.md). Routes and the top-level error middleware answer
 * through these functions and nothing else builds an envelope.
 */
const STATUS: Readonly<Record<RefusalReason, number>> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  key_reused: 422,
  not_stored: 422,
  version_required: 428,
  rate_limited: 429,
}

/** Reasons whose `errors` list is shown: the caller can act on each field. A 401/403/404 says one thing only. */
const LISTS_ERRORS: ReadonlySet<RefusalReason> = new Set(['invalid', 'conflict', 'version_required'])

/** Headers every answer carries, whoever writes it: never cached (answers are per caller), never sniffed. */
export const ANSWER_HEADERS: Readonly<Record<string, string>> = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
}

export const envelopeCode = (status: number): number => (status === 201 ? 2000 : status * 10)

export const errorBody = (status: number, message: string, errors?: ReadonlyArray<FieldError>): ErrorBody => ({
  code: envelopeCode(status),
  message,
  data: null,
  ...(errors === undefined ? {} : { errors: [...errors] }),
})

export const refusalAnswer = (refusal: Refusal): StoredAnswer => {
  const status = STATUS[refusal.reason]
  return {
    status,
    body: errorBody(status, refusal.errors[0].message, LISTS_ERRORS.has(refusal.reason) ? refusal.errors : undefined),
    location: null,
  }
}

export const successAnswer = (status: 200 | 201, data: unknown, location: string | null = null): StoredAnswer => ({
  status,
  body: { code: envelopeCode(status), message: 'Success', data },
  location,
})

/** Enqueued but not finished within the wait: the work goes on, and `location` shows it. */
export const acceptedAnswer = (id: string, location: string, what: string): StoredAnswer => ({
  status: 202,
  body: {
    code: envelopeCode(202),
    message: `Accepted: ${what} is being processed`,
    data: { id, status: 'PROCESSING' },
  },
  location,
})

/** An answer for a status the application did not choose itself (an unknown route, a thrown fault). */
export const statusAnswer = (status: number, message?: string, errors?: ReadonlyArray<FieldError>): StoredAnswer => ({
  status,
  body: errorBody(status, message ?? (STATUS_CODES[status] ?? 'Error').toLowerCase(), errors),
  location: null,
})

export const respond = (ctx: ParameterizedContext, answer: StoredAnswer, headers: Record<string, string> = {}) => {
  ctx.status = answer.status
  if (answer.location !== null) ctx.set('Location', answer.location)
  for (const [name, value] of Object.entries(headers)) ctx.set(name, value)
  ctx.body = answer.body
}

export const answerRefusal = (ctx: ParameterizedContext, refusal: Refusal, headers: Record<string, string> = {}) =>
  respond(ctx, refusalAnswer(refusal), headers)

export const answerSuccess = (
  ctx: ParameterizedContext,
  status: 200 | 201,
  data: unknown,
  headers: Record<string, string> = {},
) => respond(ctx, successAnswer(status, data), headers)
