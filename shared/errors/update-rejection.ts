import * as t from 'io-ts'
import type { FieldErrors } from './field-error'

/** The HTTP status a refusal stands for (docs/queue-contract.md). */
export const RejectionStatus = t.union([t.literal(400), t.literal(403), t.literal(404), t.literal(409)])
export type RejectionStatus = t.TypeOf<typeof RejectionStatus>

/**
 * A refusal before anything is written, with the status the edge answers it
 * with. The rules that refuse (shared/waitlist-request) and the queue contract
 * that carries the refusal both build on it, so it sits below both.
 */
export interface UpdateRejection {
  readonly status: RejectionStatus
  readonly errors: FieldErrors
}

export const rejectWith =
  (status: RejectionStatus) =>
  (errors: FieldErrors): UpdateRejection => ({ status, errors })
