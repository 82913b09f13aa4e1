import * as t from 'io-ts'
import { uuidBrand } from '../codecs/uuid'
import { FieldErrors } from '../errors/field-error'
import { OpeningId } from '../openings/opening-id'
import { OpeningPayload } from '../openings/opening-payload'
import { OpeningActor } from './open-slot-job'
import { UpdateRefusalReason } from '../errors/update-rejection'

/** `POST /apis/v1/openings/{id}/withdraw` as a job (docs/queue-contract.md): staff filled the slot another way. */
export const WITHDRAW_OPENING_JOB_NAME = 'withdraw-opening'

interface ChangeIdBrand {
  readonly ChangeId: unique symbol
}

/** One write's id, a lower-case UUID chosen before enqueueing: the opening records it, so a rerun writes nothing. */
export const ChangeId = uuidBrand<ChangeIdBrand, 'ChangeId'>('ChangeId')
export type ChangeId = t.TypeOf<typeof ChangeId>

export const WithdrawOpeningJobData = t.exact(
  t.type({ version: t.literal(1), change_id: ChangeId, opening_id: OpeningId, actor: OpeningActor }),
)
export type WithdrawOpeningJobData = t.TypeOf<typeof WithdrawOpeningJobData>

export const withdrawOpeningJobId = (changeId: ChangeId): string => `withdraw-opening-${changeId}`

/**
 * The opening as withdrawn, or a refusal with its reason: `invalid` the job
 * data, `not_found` no such opening for this actor, `conflict` not OPEN.
 */
export const WithdrawOpeningJobResult = t.union([
  t.type({ outcome: t.literal('withdrawn'), opening: OpeningPayload }),
  t.type({ outcome: t.literal('rejected'), reason: UpdateRefusalReason, errors: FieldErrors }),
])
export type WithdrawOpeningJobResult = t.TypeOf<typeof WithdrawOpeningJobResult>
