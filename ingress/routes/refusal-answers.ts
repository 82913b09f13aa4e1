import type { ParameterizedContext } from 'koa'
import type { FieldErrors } from '../../shared/errors/field-error'
import { refuse } from '../../shared/errors/refusal'
import { REQUEST_NOT_FOUND } from '../../shared/waitlist-request/permissions'
import { answerRefusal } from '../http/answers'

/** Every bad field at once, as a create's 400 shows them. */
export const answerInvalid = (ctx: ParameterizedContext, errors: FieldErrors) =>
  answerRefusal(ctx, refuse('invalid')(errors))

/** Exactly as for an id that does not exist, whatever the reason the caller may not see it. */
export const answerNotFound = (ctx: ParameterizedContext, message: string = REQUEST_NOT_FOUND) =>
  answerRefusal(ctx, refuse('not_found')([{ field: 'id', message }]))
