import * as t from 'io-ts'
import type { FieldErrors } from './field-error'

/** The refusals a write to a stored request can end in; the ingress maps each to its HTTP status. */
export const UpdateRefusalReason = t.keyof({ invalid: null, forbidden: null, not_found: null, conflict: null })
type UpdateRefusalReason = t.TypeOf<typeof UpdateRefusalReason>

/**
 * A refusal before anything is written. The rules that refuse
 * (shared/waitlist-request) and the queue contract that carries the refusal
 * both build on it, so it sits below both.
 */
export interface UpdateRejection {
  readonly reason: UpdateRefusalReason
  readonly errors: FieldErrors
}

export const rejectWith =
  (reason: UpdateRefusalReason) =>
  (errors: FieldErrors): UpdateRejection => ({ reason, errors })
