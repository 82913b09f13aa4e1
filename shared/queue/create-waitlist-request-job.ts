import * as t from 'io-ts'
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import { RequestId } from '../codecs/request-id'
import { Actor } from '../auth/actor'
import * as NEA from 'fp-ts/NonEmptyArray'
import { withDefault } from '../codecs/optional'
import { FieldErrors, decodeWithFieldErrors, type Validation } from '../errors/field-error'
import { CreateWaitlistRequest } from '../waitlist-request/create-waitlist-request'
import { validateCreateSubmission, type CreateSubmission } from '../waitlist-request/create-submission'
import { WaitlistRequestPayload } from '../waitlist-request/waitlist-request-payload'
import { isRecord } from '../codecs/input-guards'

/**
 * The public contract of the create job (docs/queue-contract.md): batch
 * importers and other systems add these straight to Redis, so the worker trusts
 * none of it and decodes it with the very codec the HTTP body goes through.
 */
export const CREATE_JOB_NAME = 'create-waitlist-request'

/** Who is filing and under which id: decoded first, as the rules of the rest depend on the actor. */
const CreateJobEnvelope = t.type({
  version: t.literal(1),
  /** Chosen by the producer before enqueueing; it is the stored request's id, so a rerun writes nothing twice. */
  request_id: RequestId,
  actor: Actor,
})

export const CreateJobData = t.exact(
  t.intersection([
    CreateJobEnvelope,
    t.type({
      /** The patient, for staff actors; ignored for a patient actor, whose own id is used. */
      patient_id: withDefault(t.union([t.string, t.null]), null),
      body: CreateWaitlistRequest,
    }),
  ]),
)
export type CreateJobData = t.TypeOf<typeof CreateJobData>

/** BullMQ refuses ':' in custom ids, so the scheme is `create-<request_id>`. */
export const createJobId = (requestId: RequestId): string => `create-${requestId}`

export const CreateJobResult = t.union([
  t.type({ outcome: t.literal('created'), request: WaitlistRequestPayload }),
  t.type({ outcome: t.literal('rejected'), errors: FieldErrors }),
])
export type CreateJobResult = t.TypeOf<typeof CreateJobResult>

/**
 * Decodes untrusted job data and runs the same synchronous rules as the
 * ingress, reporting every failure of the envelope, the patient and the body
 * together, with the body's fields named as HTTP names them.
 */
export const decodeCreateJob = (data: unknown): Validation<{ request_id: RequestId; submission: CreateSubmission }> => {
  const raw = isRecord(data) ? data : {}
  return pipe(
    decodeWithFieldErrors(CreateJobEnvelope)(data),
    E.matchW(
      // Without a valid actor the patient cannot be judged, but the body still can.
      (envelopeErrors) =>
        E.left(
          pipe(
            decodeWithFieldErrors(CreateWaitlistRequest)(raw['body']),
            E.match(
              (bodyErrors) => NEA.concat(envelopeErrors, bodyErrors),
              () => envelopeErrors,
            ),
          ),
        ),
      ({ request_id, actor }) =>
        pipe(
          validateCreateSubmission({ actor, patient_id: raw['patient_id'], body: raw['body'] }),
          E.map((submission) => ({ request_id, submission })),
        ),
    ),
  )
}
