import * as E from 'fp-ts/Either'
import * as t from 'io-ts'
import { QueryTypes } from 'sequelize'
import { OfferStatus } from '../../shared/offers/offer-payload'
import { OpeningStatus } from '../../shared/openings/opening-payload'
import type { Database } from '../../worker/db/connection'

/**
 * One table's rows by status, every status of its codec counted (0 when it has no row), so no status's series
 * ever disappears from the metrics: a `COUNT … GROUP BY status`, one scan, run at scrape time only (every 15 s or
 * so), on the API's read pool.
 */
const countByStatus = async <S extends string>(
  db: Database,
  table: 'openings' | 'offers',
  status: t.KeyofC<Record<S, null>>,
): Promise<Record<S, number>> => {
  const rows = await db.sequelize.query(`SELECT status, count(*)::int AS count FROM ${table} GROUP BY status`, {
    type: QueryTypes.SELECT,
  })
  const decoded = t.array(t.type({ status, count: t.number })).decode(rows)
  if (E.isLeft(decoded)) throw new Error(`a stored ${table} status is outside its contract`)
  const counts = Object.fromEntries(Object.keys(status.keys).map((name) => [name, 0])) as Record<S, number>
  for (const row of decoded.right) counts[row.status] = row.count
  return counts
}

export const countOpeningsByStatus = (db: Database) => () => countByStatus(db, 'openings', OpeningStatus)

export const countOffersByStatus = (db: Database) => () => countByStatus(db, 'offers', OfferStatus)
