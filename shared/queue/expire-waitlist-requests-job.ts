import * as t from 'io-ts'
import { FieldErrors } from '../errors/field-error'
import { noted } from '../schema/schema-notes'

/**
 * The expiry sweep: a repeatable job (one BullMQ job scheduler, whichever
 * worker registers it) that marks ACTIVE requests EXPIRED once their
 * date_range_end is over on their clinic's calendar. It carries no options,
 * so a producer cannot make it expire anything early.
 */
export const EXPIRE_JOB_NAME = 'expire-waitlist-requests'
export const EXPIRE_SCHEDULER_ID = 'expire-waitlist-requests'

export const ExpireJobData = t.exact(t.type({ version: t.literal(1) }))
export type ExpireJobData = t.TypeOf<typeof ExpireJobData>

const Count = noted(
  t.refinement(t.number, (n) => Number.isInteger(n) && n >= 0, 'Count'),
  {
    schema: { type: 'integer', minimum: 0 },
  },
)

export const ExpireJobResult = t.union([
  t.type({ outcome: t.literal('swept'), expired: Count }),
  t.type({ outcome: t.literal('rejected'), errors: FieldErrors }),
])
export type ExpireJobResult = t.TypeOf<typeof ExpireJobResult>
