import * as t from 'io-ts'
import { FieldErrors } from './field-error'

/**
 * Why the service says no, in the domain's words. Rules and jobs return these; only the ingress's answer module
 * (ingress/http/answers.ts) turns a reason into an HTTP status, so no rule knows about HTTP.
 */
export const RefusalReason = t.keyof({
  /** The input breaks a rule (a field's format, a reference that does not exist for this caller). */
  invalid: null,
  /** No caller could be identified: the token is missing, malformed, badly signed or expired. */
  unauthenticated: null,
  /** The caller is known, but their role may never do this. */
  forbidden: null,
  /** Nothing this caller may see goes by that id (someone else's is answered the same way). */
  not_found: null,
  /** The stored thing's state stands in the way: it has ended, or changed since the caller read it. */
  conflict: null,
  /** A write that overwrites what the caller read must say which version that was. */
  version_required: null,
  /** An Idempotency-Key already stands for a different request. */
  key_reused: null,
  /** Accepted and queued, then every attempt failed: nothing was stored, and a new request is the way on. */
  not_stored: null,
  /** The caller, or their address, sent more requests this minute than the service takes from one (a 429). */
  rate_limited: null,
})
export type RefusalReason = t.TypeOf<typeof RefusalReason>

export const Refusal = t.type({ reason: RefusalReason, errors: FieldErrors })
export type Refusal = t.TypeOf<typeof Refusal>

export const refuse =
  <R extends RefusalReason>(reason: R) =>
  (errors: FieldErrors): { readonly reason: R; readonly errors: FieldErrors } => ({ reason, errors })
