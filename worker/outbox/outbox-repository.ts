import { randomUUID } from 'node:crypto'
import * as E from 'fp-ts/Either'
import type * as t from 'io-ts'
import { QueryTypes, type Transaction } from 'sequelize'
import { fromDecodeErrors } from '../../shared/errors/field-error'
import { OutboxEvent, OutboxEventContent, type EventId } from '../../shared/events/outbox-event'
import { Webhook } from '../../shared/reference-data/webhook'
import type { Database } from '../db/connection'

/** What a writer records: an event's type and data, and whose it is. */
export type NewOutboxEvent = OutboxEventContent & { readonly organization_id: string }

const decoded = <A>(codec: t.Decoder<unknown, A>, input: unknown, what: string): A => {
  const result = codec.decode(input)
  if (E.isLeft(result)) {
    // The fields only: their values may be what must not reach a log.
    const fields = fromDecodeErrors(result.left).map((error) => error.field)
    throw new Error(`${what} does not match its contract (${fields.join(', ')})`)
  }
  return result.right
}

/**
 * Writes events to the outbox in the caller's transaction, so they are stored exactly when the change they describe
 * is, and returns them as stored (id, time) for the caller to enqueue their deliveries once that transaction has
 * committed (`enqueueDeliveries`). An event that breaks its contract throws, and the transaction with it: what
 * leaves is only what docs/webhooks.md describes, fields it does not define dropped.
 */
export const appendEvents = async (
  db: Database,
  transaction: Transaction,
  events: ReadonlyArray<NewOutboxEvent>,
): Promise<OutboxEvent[]> => {
  if (events.length === 0) return []
  const rows = events.map((event) => {
    const content = decoded(OutboxEventContent, OutboxEventContent.encode(event), `a ${event.type} event`)
    return { id: randomUUID(), organization_id: event.organization_id, type: content.type, payload: content.data }
  })
  // now() is the transaction's start: every event of one change carries the same time.
  const stored = await db.sequelize.query<{ id: string; created_at: Date }>(
    `INSERT INTO outbox_events (id, organization_id, type, payload)
     SELECT id, organization_id, type, payload
     FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, organization_id text, type text, payload jsonb)
     RETURNING id, created_at`,
    { bind: [JSON.stringify(rows)], transaction, type: QueryTypes.SELECT },
  )
  const createdAt = new Map(stored.map((row) => [row.id, row.created_at]))
  return rows.map((row) =>
    decoded(
      OutboxEvent,
      {
        id: row.id,
        occurred_at: createdAt.get(row.id)?.toISOString(),
        organization_id: row.organization_id,
        type: row.type,
        data: row.payload,
      },
      `a ${row.type} event`,
    ),
  )
}

/** An event on its way, with where it goes: `webhook` null means the organization has none. */
export interface StoredDelivery {
  readonly event: OutboxEvent
  readonly delivered: boolean
  readonly webhook: Webhook | null
}

interface DeliveryRow {
  readonly id: string
  readonly organization_id: string
  readonly type: string
  readonly payload: unknown
  readonly created_at: Date
  readonly delivered_at: Date | null
  readonly webhook_url: string | null
  readonly webhook_secret: string | null
}

/** The event and its organization's webhook as they are now, so a retry uses a URL or secret changed meanwhile. */
export const findDelivery = async (db: Database, id: EventId): Promise<StoredDelivery | undefined> => {
  const [row] = await db.sequelize.query<DeliveryRow>(
    `SELECT e.id, e.organization_id, e.type, e.payload, e.created_at, e.delivered_at, o.webhook_url, o.webhook_secret
     FROM outbox_events e JOIN organizations o ON o.id = e.organization_id
     WHERE e.id = $1`,
    { bind: [id], type: QueryTypes.SELECT },
  )
  if (row === undefined) return undefined
  return {
    event: decoded(
      OutboxEvent,
      {
        id: row.id,
        occurred_at: row.created_at.toISOString(),
        organization_id: row.organization_id,
        type: row.type,
        data: row.payload,
      },
      'a stored event',
    ),
    delivered: row.delivered_at !== null,
    webhook:
      row.webhook_url === null
        ? null
        : decoded(Webhook, { url: row.webhook_url, secret: row.webhook_secret }, 'a stored webhook'),
  }
}

/** `last_error` stays: an event delivered at its third attempt still shows why the first two failed. */
export const markDelivered = async (db: Database, id: EventId): Promise<void> => {
  await db.sequelize.query(
    `UPDATE outbox_events SET delivered_at = now(), attempts = attempts + 1 WHERE id = $1 AND delivered_at IS NULL`,
    { bind: [id] },
  )
}

/** `error` is a code (`http_503`, `timeout`): nothing the receiver said, nothing of the event. */
export const recordFailure = async (db: Database, id: EventId, error: string): Promise<void> => {
  await db.sequelize.query(
    `UPDATE outbox_events SET attempts = attempts + 1, last_error = $2 WHERE id = $1 AND delivered_at IS NULL`,
    { bind: [id, error] },
  )
}

const SWEEP_BATCH = 1_000

/**
 * Events never attempted though written `olderThanMs` ago or more: their writer stopped between its commit and its
 * enqueue. An event attempted at least once has its job (retrying, or failed for good after every attempt), so it
 * is left out, and a receiver that is down for long never makes each sweep re-offer its whole backlog. Oldest
 * first; the next sweep takes the rest.
 */
export const findUnattempted = async (db: Database, olderThanMs: number): Promise<EventId[]> => {
  const rows = await db.sequelize.query<{ id: EventId }>(
    `SELECT id FROM outbox_events
     WHERE delivered_at IS NULL AND attempts = 0 AND created_at <= now() - make_interval(secs => $1::double precision / 1000)
     ORDER BY created_at
     LIMIT $2`,
    { bind: [olderThanMs, SWEEP_BATCH], type: QueryTypes.SELECT },
  )
  return rows.map((row) => row.id)
}
