import * as t from 'io-ts'
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import { sequenceS } from 'fp-ts/Apply'
import { StaffActor } from '../auth/actor'
import { isRecord } from '../codecs/input-guards'
import { withMessage } from '../codecs/with-message'
import { FieldErrors, decodeWithFieldErrors, validation, type Validation } from '../errors/field-error'
import { CreateOpening, validateOpening, type ValidOpening } from '../openings/create-opening'
import { OpeningId } from '../openings/opening-id'
import { OpeningPayload } from '../openings/opening-payload'

/**
 * `POST /apis/v1/openings` as a job (docs/matching.md): practice-management
 * integrations add these straight to Redis, so the worker trusts none of it and
 * judges the body with the very rules the HTTP body goes through.
 */
export const OPEN_SLOT_JOB_NAME = 'open-slot'

/** Only staff open slots (or withdraw them), as over HTTP. */
export const OpeningActor = withMessage(
  StaffActor,
  () => 'actor must be staff: {sub, role: CLINICIAN, STAFF or ADMIN, org_id}',
)

const OpenSlotJobEnvelope = t.type({
  version: t.literal(1),
  /** Chosen by the producer before enqueueing; it is the stored opening's id, so a rerun writes nothing twice. */
  opening_id: OpeningId,
  actor: OpeningActor,
})

export const OpenSlotJobData = t.exact(t.intersection([OpenSlotJobEnvelope, t.type({ body: CreateOpening })]))
export type OpenSlotJobData = t.TypeOf<typeof OpenSlotJobData>

/** BullMQ refuses ':' in custom ids, so the scheme is `open-slot-<opening_id>`. */
export const openSlotJobId = (openingId: OpeningId): string => `open-slot-${openingId}`

/** The opening as stored (or as stored before, for a repeated `external_id`), or every rule it broke. */
export const OpenSlotJobResult = t.union([
  t.type({ outcome: t.literal('opened'), opening: OpeningPayload }),
  t.type({ outcome: t.literal('rejected'), errors: FieldErrors }),
])
export type OpenSlotJobResult = t.TypeOf<typeof OpenSlotJobResult>

export interface OpenSlotSubmission {
  readonly opening_id: OpeningId
  readonly actor: t.TypeOf<typeof StaffActor>
  readonly opening: ValidOpening
}

/**
 * Decodes untrusted job data, reporting every failure of the envelope and the
 * body together, the body's fields named as HTTP names them. Pass the time the
 * job was added as `now` (BullMQ's `job.timestamp`): then a retry after the
 * slot began judges it as the first attempt did, and the job agrees with the
 * ingress that enqueued it.
 */
export const decodeOpenSlotJob = (data: unknown, now: Date): Validation<OpenSlotSubmission> =>
  pipe(
    sequenceS(validation)({
      envelope: decodeWithFieldErrors(OpenSlotJobEnvelope)(data),
      opening: validateOpening(isRecord(data) ? data['body'] : undefined, now),
    }),
    E.map(({ envelope, opening }) => ({ opening_id: envelope.opening_id, actor: envelope.actor, opening })),
  )
