import * as t from 'io-ts'
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import { sequenceS } from 'fp-ts/Apply'
import { Actor } from '../auth/actor'
import { RequestId } from '../codecs/request-id'
import { RequestVersion } from '../codecs/request-version'
import { withDefault } from '../codecs/optional'
import { FieldErrors, decodeWithFieldErrors, validation, type Validation } from '../errors/field-error'
import { WaitlistRequestPayload } from '../waitlist-request/waitlist-request-payload'
import { isRecord } from '../codecs/input-guards'

/**
 * What every job that writes to a stored request carries besides its body
 * (docs/queue-contract.md): who acts, on which request, as which version they
 * read it, and an id of this one write chosen before enqueueing, so a job run
 * twice applies its write once.
 */
export const UpdateJobEnvelope = t.type({
  version: t.literal(1),
  change_id: RequestId,
  request_id: RequestId,
  actor: Actor,
  /** The version the actor saw; `null`: no check (PATCH over HTTP always sends one). */
  expected_version: withDefault(t.union([RequestVersion, t.null]), null),
})
export type UpdateJobEnvelope = t.TypeOf<typeof UpdateJobEnvelope>

export const updateJobData = <B extends t.Mixed>(body: B) =>
  t.exact(t.intersection([UpdateJobEnvelope, t.type({ body })]))

/**
 * Decodes untrusted job data, the envelope and the body each with its own
 * codec so every failure of both is reported, the body's fields named as
 * HTTP names them.
 */
export const decodeUpdateJob =
  <B>(body: t.Decoder<unknown, B>) =>
  (data: unknown): Validation<UpdateJobEnvelope & { readonly body: B }> =>
    pipe(
      sequenceS(validation)({
        envelope: decodeWithFieldErrors(UpdateJobEnvelope)(data),
        body: decodeWithFieldErrors(body)(isRecord(data) ? data['body'] : undefined),
      }),
      E.map(({ envelope, body: decoded }) => ({ ...envelope, body: decoded })),
    )

export const RejectionStatus = t.union([t.literal(400), t.literal(403), t.literal(404), t.literal(409)])
export type RejectionStatus = t.TypeOf<typeof RejectionStatus>

/**
 * The result of every job that writes to a stored request: the request as
 * written with its new version, or a business refusal with the HTTP status it
 * stands for (400 the body, 403 the role, 404 no such request for this actor,
 * 409 its status or a stale version). Refusals complete the job; they are not
 * retried.
 */
export const UpdateJobResult = t.union([
  t.type({ outcome: t.literal('updated'), version: RequestVersion, request: WaitlistRequestPayload }),
  t.type({ outcome: t.literal('rejected'), status: RejectionStatus, errors: FieldErrors }),
])
export type UpdateJobResult = t.TypeOf<typeof UpdateJobResult>

/** A refusal before anything is written, with the status the edge answers it with. */
export interface UpdateRejection {
  readonly status: RejectionStatus
  readonly errors: FieldErrors
}

export const rejectWith =
  (status: RejectionStatus) =>
  (errors: FieldErrors): UpdateRejection => ({ status, errors })
