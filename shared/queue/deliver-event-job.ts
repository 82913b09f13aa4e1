import * as t from 'io-ts'
import { FieldErrors } from '../errors/field-error'
import { EventId } from '../events/outbox-event'
import { noted } from '../schema/schema-notes'

/**
 * Sends one outbox event to its organization's webhook, or logs it when there is none (docs/webhooks.md). The
 * job's id is the event's id, so an event has at most one job however often it is enqueued; a failed attempt
 * throws, and BullMQ tries again with backoff (`deliveryJobOptions`).
 */
export const DELIVER_EVENT_JOB_NAME = 'deliver-event'

export const DeliverEventJobData = t.exact(t.type({ version: t.literal(1), event_id: EventId }))
export type DeliverEventJobData = t.TypeOf<typeof DeliverEventJobData>

export const DeliverEventJobResult = t.union([
  /** The receiver answered 2xx. */
  t.type({ outcome: t.literal('delivered') }),
  /** The organization has no webhook: the event was logged. */
  t.type({ outcome: t.literal('logged') }),
  /** Delivered before (by an earlier job for the same event): nothing sent again. */
  t.type({ outcome: t.literal('already-delivered') }),
  /** No such event is stored. */
  t.type({ outcome: t.literal('missing') }),
  t.type({ outcome: t.literal('rejected'), errors: FieldErrors }),
])
export type DeliverEventJobResult = t.TypeOf<typeof DeliverEventJobResult>

/**
 * The outbox sweep: a repeatable job that enqueues a delivery for every event never attempted `older_than_ms`
 * after it was written, which covers a writer that stopped between its commit and its enqueue. Enqueueing an event
 * that already has a job adds nothing, so a sweep that runs early or twice sends nothing twice.
 */
export const SWEEP_OUTBOX_JOB_NAME = 'sweep-outbox'
export const SWEEP_OUTBOX_SCHEDULER_ID = 'sweep-outbox'

const DAY_MS = 86_400_000

const Milliseconds = noted(
  t.refinement(t.number, (n) => Number.isInteger(n) && n >= 0 && n <= DAY_MS, 'Milliseconds'),
  { schema: { type: 'integer', minimum: 0, maximum: DAY_MS } },
)

export const SweepOutboxJobData = t.exact(t.type({ version: t.literal(1), older_than_ms: Milliseconds }))
export type SweepOutboxJobData = t.TypeOf<typeof SweepOutboxJobData>

const Count = noted(
  t.refinement(t.number, (n) => Number.isInteger(n) && n >= 0, 'Count'),
  {
    schema: { type: 'integer', minimum: 0 },
  },
)

export const SweepOutboxJobResult = t.union([
  t.type({ outcome: t.literal('swept'), enqueued: Count }),
  t.type({ outcome: t.literal('rejected'), errors: FieldErrors }),
])
export type SweepOutboxJobResult = t.TypeOf<typeof SweepOutboxJobResult>
