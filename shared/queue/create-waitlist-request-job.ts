import * as t from 'io-ts'
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import { RequestId } from '../codecs/request-id'
import { Actor } from '../auth/actor'
import { FieldErrors, fromDecodeErrors, type Validation } from '../errors/field-error'
import { CreateWaitlistRequest } from '../waitlist-request/create-waitlist-request'
import { resolvePatientId, type CreateSubmission } from '../waitlist-request/create-submission'
import { WaitlistRequestPayload } from '../waitlist-request/waitlist-request-payload'

/**
 * The public contract of the create job (docs/queue-contract.md): batch
 * importers and other systems add these straight to Redis, so the worker trusts
 * none of it and decodes it with the very codec the HTTP body goes through.
 */
export const CREATE_JOB_NAME = 'create-waitlist-request'

export const CreateJobData = t.exact(
  t.type({
    version: t.literal(1),
    /** Chosen by the producer before enqueueing; it is the stored request's id, so a rerun writes nothing twice. */
    request_id: RequestId,
    actor: Actor,
    /** The patient, for staff actors; ignored for a patient actor, whose own id is used. */
    patient_id: t.union([t.string, t.null]),
    body: CreateWaitlistRequest,
  }),
)
export type CreateJobData = t.TypeOf<typeof CreateJobData>
export type CreateJobDataInput = t.OutputOf<typeof CreateJobData>

/** BullMQ refuses ':' in custom ids, so the scheme is `create-<request_id>`. */
export const createJobId = (requestId: RequestId): string => `create-${requestId}`

export const CreateJobResult = t.union([
  t.type({ outcome: t.literal('created'), request: WaitlistRequestPayload }),
  t.type({ outcome: t.literal('rejected'), errors: FieldErrors }),
])
export type CreateJobResult = t.TypeOf<typeof CreateJobResult>

const BODY_PREFIX = 'body.'

/** A job's failures read like the HTTP ones: `body.priority` is reported as `priority`. */
const asRequestFields = (errors: FieldErrors): FieldErrors =>
  errors.map((error) =>
    error.field.startsWith(BODY_PREFIX) ? { ...error, field: error.field.slice(BODY_PREFIX.length) } : error,
  ) as FieldErrors

/** Decodes untrusted job data and runs the same synchronous rules as the ingress. */
export const decodeCreateJob = (data: unknown): Validation<{ request_id: RequestId; submission: CreateSubmission }> =>
  pipe(
    CreateJobData.decode(data),
    E.mapLeft((errors) => asRequestFields(fromDecodeErrors(errors))),
    E.chain((job) =>
      pipe(
        resolvePatientId(job.actor, job.patient_id),
        E.map((patient_id) => ({
          request_id: job.request_id,
          submission: { actor: job.actor, patient_id, request: job.body },
        })),
      ),
    ),
  )
