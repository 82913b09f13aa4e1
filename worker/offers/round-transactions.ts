import { QueryTypes, type Transaction } from 'sequelize'
import type { ScheduleTimer } from '../../shared/offers/round-state'
import type { Database } from '../db/connection'
import { lockOpening, type LockedOpening } from './locked-opening'
import type { RoundScope } from './round-engine'

/** Adds a transaction's timers once it has committed; see timer-jobs.ts. */
export type AddTimers = (timers: ReadonlyArray<ScheduleTimer>) => Promise<void>

/** The database's clock: one clock for every worker, so holds end at one instant whoever judges them. */
export const clock = async (db: Database, transaction: Transaction): Promise<Date> => {
  const [row] = await db.sequelize.query<{ now: Date }>('SELECT clock_timestamp() AS now', {
    type: QueryTypes.SELECT,
    transaction,
  })
  if (row === undefined) throw new Error('the database did not tell the time')
  return row.now
}

/**
 * Runs `work` in one transaction whose locks `lock` takes first; the scope's
 * clock is read once they are held (a wait for a lock is no time at all to
 * the rules), and its timers are added after commit, never for work rolled
 * back.
 */
const inTransaction = async <L, A>(
  db: Database,
  addTimers: AddTimers,
  lock: (transaction: Transaction) => Promise<L>,
  work: (scope: RoundScope, locked: L) => Promise<A>,
): Promise<A> => {
  const timers: ScheduleTimer[] = []
  const value = await db.sequelize.transaction(async (transaction) => {
    const locked = await lock(transaction)
    return work({ transaction, now: await clock(db, transaction), timers }, locked)
  })
  await addTimers(timers)
  return value
}

/** Runs `work` with one opening locked; `undefined` when there is no such opening. */
export const withOpening = <A>(
  db: Database,
  addTimers: AddTimers,
  openingId: string,
  work: (scope: RoundScope, opening: LockedOpening) => Promise<A>,
): Promise<A | undefined> =>
  inTransaction(
    db,
    addTimers,
    (transaction) => lockOpening(db, transaction, openingId),
    async (scope, opening) => (opening === undefined ? undefined : work(scope, opening)),
  )

const pendingOfferOpenings = async (db: Database, transaction: Transaction, requestId: string): Promise<string[]> =>
  (
    await db.sequelize.query<{ opening_id: string }>(
      `SELECT opening_id FROM offers WHERE request_id = $1 AND status = 'PENDING'`,
      { bind: [requestId], type: QueryTypes.SELECT, transaction },
    )
  ).map((row) => row.opening_id)

class LockSetChanged extends Error {}

const LOCK_ATTEMPTS = 5

/**
 * Runs `work` holding, in this order, the openings where the request has
 * PENDING offers (with `alsoOpenings`), by id, then the request itself. Every
 * transaction that takes both takes openings first, so two never wait on each
 * other in a circle. A PENDING offer made for the request between the look
 * and the lock (the request is locked only after) restarts the transaction
 * with that opening too; once the request is locked none can be made.
 */
export const withRequest = async <A>(
  db: Database,
  addTimers: AddTimers,
  input: { readonly requestId: string; readonly alsoOpenings: ReadonlyArray<string> },
  work: (scope: RoundScope, openings: ReadonlyMap<string, LockedOpening>) => Promise<A>,
): Promise<A> => {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await inTransaction(
        db,
        addTimers,
        async (transaction) => {
          const ids = [
            ...new Set([...(await pendingOfferOpenings(db, transaction, input.requestId)), ...input.alsoOpenings]),
          ]
          const openings = new Map<string, LockedOpening>()
          for (const id of ids.sort()) {
            const opening = await lockOpening(db, transaction, id)
            if (opening !== undefined) openings.set(id, opening)
          }
          await db.sequelize.query('SELECT id FROM waitlist_requests WHERE id = $1 FOR UPDATE', {
            bind: [input.requestId],
            transaction,
          })
          const now = await pendingOfferOpenings(db, transaction, input.requestId)
          if (now.some((id) => !openings.has(id))) throw new LockSetChanged()
          return openings
        },
        work,
      )
    } catch (error) {
      if (!(error instanceof LockSetChanged) || attempt >= LOCK_ATTEMPTS) throw error
    }
  }
}
