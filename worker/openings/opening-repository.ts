import * as E from 'fp-ts/Either'
import * as O from 'fp-ts/Option'
import { QueryTypes, type Transaction } from 'sequelize'
import { openingNotFound, type StoredOpening } from '../../shared/openings/opening-access'
import type { UpdateRejection } from '../../shared/errors/update-rejection'
import type { Database } from '../db/connection'
import { insertSql } from '../waitlist-requests/insert-waitlist-requests'
import { toOpeningRow, toStoredOpening, type OpeningRow } from './opening-rows'

const SELECT_STORED = 'SELECT o.*, c.timezone FROM openings o JOIN clinics c ON c.id = o.clinic_id'

const findOne = async (
  db: Database,
  where: string,
  bind: ReadonlyArray<unknown>,
  options: { readonly transaction?: Transaction; readonly lock?: boolean } = {},
): Promise<O.Option<StoredOpening>> => {
  const [row] = await db.sequelize.query<OpeningRow>(
    `${SELECT_STORED} WHERE ${where}${options.lock === true ? ' FOR UPDATE OF o' : ''}`,
    { bind: [...bind], type: QueryTypes.SELECT, transaction: options.transaction },
  )
  return row === undefined ? O.none : O.some(toStoredOpening(row))
}

export const findOpening = (db: Database, id: string): Promise<O.Option<StoredOpening>> =>
  findOne(db, 'o.id = $1', [id])

/**
 * Insert-or-return-existing: the id was chosen before the job was enqueued, so
 * a job run twice finds its own row; and the same clinic + external_id is the
 * same opening, held by a unique index, so a second opening of that slot finds
 * the first, however close together they come. Answers the opening as stored.
 */
export const insertOpening = async (
  db: Database,
  opening: Omit<StoredOpening, 'status_change_id'>,
): Promise<StoredOpening> => {
  const row = toOpeningRow(opening)
  const written = await db.sequelize.query<{ id: string }>(
    `${insertSql(db.models.Opening, Object.keys(row))} RETURNING id`,
    { bind: [JSON.stringify([row])], type: QueryTypes.SELECT },
  )
  if (written.length > 0) return { ...opening, status_change_id: null }
  const { id, clinic_id, external_id } = opening.opening
  const rerun = await findOne(db, 'o.id = $1', [id])
  if (O.isSome(rerun)) return rerun.value
  const sameSlot =
    external_id === null
      ? O.none
      : await findOne(db, 'o.clinic_id = $1 AND o.external_id = $2', [clinic_id, external_id])
  if (O.isNone(sameSlot)) throw new Error(`opening ${id} was neither written nor found`)
  return sameSlot.value
}

/** What a status write decided: `done` when nothing is left to write (this change wrote it already). */
export type StatusDecision = E.Either<UpdateRejection, { readonly status: 'WITHDRAWN' } | 'done'>

/**
 * One status write to an opening, whole or not at all: the row is locked, the
 * rules judge it as it now is, and the new status is written with the change's
 * id, so the same change run again finds it done and answers the opening as is.
 * `ending` runs first in the same transaction, while the opening is still OPEN:
 * it ends the opening's PENDING offers (worker/offers).
 */
export const writeOpeningStatus = (
  db: Database,
  stamp: { readonly opening_id: string; readonly change_id: string; readonly by: string; readonly at: Date },
  decide: (stored: StoredOpening) => StatusDecision,
  ending: (transaction: Transaction, openingId: string) => Promise<void>,
): Promise<E.Either<UpdateRejection, StoredOpening>> =>
  db.sequelize.transaction(async (transaction) => {
    const found = await findOne(db, 'o.id = $1', [stamp.opening_id], { transaction, lock: true })
    if (O.isNone(found)) return E.left(openingNotFound)
    const decision = decide(found.value)
    if (E.isLeft(decision)) return decision
    if (decision.right === 'done') return E.right(found.value)
    await ending(transaction, stamp.opening_id)
    await db.models.Opening.update(
      { status: decision.right.status, status_change_id: stamp.change_id, updated_at: stamp.at, updated_by: stamp.by },
      { where: { id: stamp.opening_id }, transaction },
    )
    const updated = await findOne(db, 'o.id = $1', [stamp.opening_id], { transaction })
    if (O.isNone(updated)) throw new Error(`opening ${stamp.opening_id} vanished while locked`)
    return E.right(updated.value)
  })
