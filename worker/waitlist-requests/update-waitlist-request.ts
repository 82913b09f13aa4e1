import { chosenColumns } from './insert-waitlist-requests'
import * as E from 'fp-ts/Either'
import type { Transaction } from 'sequelize'
import type { RequestId } from '../../shared/codecs/request-id'
import { REQUEST_NOT_FOUND } from '../../shared/waitlist-request/permissions'
import type { FieldChange } from '../../shared/waitlist-request/history'
import type { StoredWaitlistRequest } from '../../shared/waitlist-request/read-access'
import type { BookedAppointment, ResolvedWaitlistRequest } from '../../shared/waitlist-request/waitlist-request-payload'
import { rejectWith, type UpdateRejection } from '../../shared/errors/update-rejection'
import type { Writer } from '../../shared/waitlist-request/writer'
import type { Database } from '../db/connection'
import { toStored } from '../db/waitlist-request-rows'
import { refusedDataAsRejection } from '../db/data-refusal'
import type { WaitlistRequestModel } from '../db/models/waitlist-request-model'

/** What the rules decided to write; `changes` is what history records, empty when nothing differs. */
export type UpdateDecision = { readonly changes: ReadonlyArray<FieldChange> } & (
  | { readonly event: 'changed'; readonly request: ResolvedWaitlistRequest }
  | { readonly event: 'cancelled'; readonly reason: string | undefined }
  | { readonly event: 'fulfilled'; readonly appointment: BookedAppointment }
)

/** Judges the request as locked; may read more inside the same transaction. */
export type Decide = (
  stored: StoredWaitlistRequest,
  transaction: Transaction,
) => Promise<E.Either<UpdateRejection, UpdateDecision>>

export interface UpdateStamp {
  readonly request_id: RequestId
  /** The job's change_id: recorded with the history entry, so a rerun finds its write done. */
  readonly operation_id: string
  readonly by: Writer
  readonly at: Date
}

const columnsOf = (decision: UpdateDecision) => {
  switch (decision.event) {
    case 'changed':
      return chosenColumns(decision.request)
    case 'cancelled':
      return { status: 'CANCELLED', cancellation_reason: decision.reason ?? null }
    case 'fulfilled':
      return {
        status: 'FULFILLED',
        booked_appointment_id: decision.appointment.id,
        booked_appointment_start: new Date(decision.appointment.start),
      }
  }
}

const notFound: UpdateRejection = rejectWith('not_found')([{ field: 'id', message: REQUEST_NOT_FOUND }])

/**
 * The transaction a write to a request runs in, as the offers store needs it
 * (worker/offers/round-transactions.ts): it holds whatever must be locked
 * before the request, and `written`, called once the request is written, ends
 * the request's offers in that same transaction.
 */
export type RequestTransaction = <A>(
  requestId: string,
  body: (transaction: Transaction, written: () => Promise<void>) => Promise<A>,
) => Promise<A>

/** Writes a decision to a request locked by `transaction`: its new values, the version after it, its history entry. */
export const writeDecision = async (
  db: Database,
  transaction: Transaction,
  row: WaitlistRequestModel,
  stamp: UpdateStamp,
  decision: UpdateDecision,
): Promise<StoredWaitlistRequest> => {
  const version = row.version + 1
  await row.update(
    {
      ...columnsOf(decision),
      version,
      updated_at: stamp.at,
      updated_by: stamp.by.sub,
      updated_by_role: stamp.by.role,
    },
    { transaction },
  )
  await db.models.WaitlistRequestHistory.create(
    {
      request_id: stamp.request_id,
      version,
      event: decision.event,
      changes: decision.changes,
      actor: stamp.by.sub,
      actor_role: stamp.by.role,
      at: stamp.at,
      operation_id: stamp.operation_id,
    },
    { transaction },
  )
  return toStored(db, row, transaction)
}

/**
 * One write to a stored request, whole or not at all: the row is locked, the
 * rules judge it as it now is, and the new values, the version after it and
 * its history entry are committed together, with its PENDING offers
 * withdrawn (a request changed, cancelled or fulfilled must not be booked
 * through an offer made before). Writes to one request queue up behind the
 * lock; a job run again after its write committed finds its change_id in
 * history and answers with the request as it is, writing nothing.
 */
const writeLocked = (
  db: Database,
  stamp: UpdateStamp,
  decide: Decide,
  inRequestTransaction: RequestTransaction,
): Promise<E.Either<UpdateRejection, StoredWaitlistRequest>> =>
  inRequestTransaction(stamp.request_id, async (transaction, written) => {
    const row = await db.models.WaitlistRequest.findByPk(stamp.request_id, {
      transaction,
      lock: transaction.LOCK.UPDATE,
    })
    if (row === null) return E.left(notFound)
    const done = await db.models.WaitlistRequestHistory.findOne({
      where: { operation_id: stamp.operation_id },
      attributes: ['id'],
      transaction,
    })
    const stored = await toStored(db, row, transaction)
    if (done !== null) return E.right(stored)

    const decision = await decide(stored, transaction)
    if (E.isLeft(decision)) return decision
    if (decision.right.changes.length === 0) return E.right(stored)

    const updated = await writeDecision(db, transaction, row, stamp, decision.right)
    await written()
    return E.right(updated)
  })

/** Values the database refuses are a 400 rejection, the transaction rolled back; other faults are thrown. */
export const updateWaitlistRequest = async (
  db: Database,
  stamp: UpdateStamp,
  decide: Decide,
  inRequestTransaction: RequestTransaction,
): Promise<E.Either<UpdateRejection, StoredWaitlistRequest>> =>
  E.flatten(
    E.mapLeft(rejectWith('invalid'))(
      await refusedDataAsRejection(writeLocked(db, stamp, decide, inRequestTransaction)),
    ),
  )
