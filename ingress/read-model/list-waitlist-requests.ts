import * as A from 'fp-ts/Array'
import {
  Cursor,
  positionOf,
  type Position,
  type Sort,
  type StoredListPage,
} from '../../shared/waitlist-request/list-query'
import type { ListFilter } from '../../shared/waitlist-request/list-scope'
import type { Database } from '../../worker/db/connection'
import { rolesOf, toPayloads } from '../../worker/db/waitlist-request-rows'

/** Each order as columns; every one ends in the id so it is total, and each has an index that reads it in order. */
const ORDERS: Readonly<Record<Sort, { readonly columns: ReadonlyArray<string>; readonly descending: boolean }>> = {
  waitlist: { columns: ['w.priority', 'w.created_at', 'w.id'], descending: false },
  created_at: { columns: ['w.created_at', 'w.id'], descending: false },
  '-created_at': { columns: ['w.created_at', 'w.id'], descending: true },
  date_range_end: { columns: ['w.date_range_end', 'w.id'], descending: false },
  '-date_range_end': { columns: ['w.date_range_end', 'w.id'], descending: true },
}

// Casts written as CAST(…) so they never meet Sequelize's `:name` replacements.
const keyCasts = (position: Position): ReadonlyArray<string> => {
  switch (position.sort) {
    case 'waitlist':
      return ['CAST(:k0 AS smallint)', 'CAST(:k1 AS timestamptz)', 'CAST(:k2 AS uuid)']
    case 'created_at':
    case '-created_at':
      return ['CAST(:k0 AS timestamptz)', 'CAST(:k1 AS uuid)']
    case 'date_range_end':
    case '-date_range_end':
      return ['CAST(:k0 AS date)', 'CAST(:k1 AS uuid)']
  }
}

/**
 * One page of requests, read straight from PostgreSQL. Pages are keyset
 * (after the last item's sort key, never OFFSET), so a page costs the same
 * however deep it is and rows added meanwhile neither repeat nor vanish.
 */
export const listWaitlistRequests =
  (db: Database) =>
  async (filter: ListFilter): Promise<StoredListPage> => {
    const conditions = ['w.status = :status']
    const replacements: Record<string, unknown> = { status: filter.status, limit: filter.limit + 1 }
    const equal = (column: string, value: unknown) => {
      if (value === undefined) return
      conditions.push(`w.${column} = :${column}`)
      replacements[column] = value
    }
    equal('organization_id', filter.organization_id)
    equal('patient_id', filter.patient_id)
    equal('clinic_id', filter.clinic_id)
    equal('priority', filter.priority)
    equal('appointment_category_id', filter.appointment_category_id)
    if (filter.provider_id !== undefined) {
      conditions.push(':provider_id = ANY (w.preferred_providers)')
      replacements['provider_id'] = filter.provider_id
    }
    if (filter.available_on !== undefined) {
      conditions.push(
        'w.date_range_start <= CAST(:available_on AS date) AND w.date_range_end >= CAST(:available_on AS date)',
      )
      replacements['available_on'] = filter.available_on
    }
    const order = ORDERS[filter.sort]
    if (filter.after !== undefined) {
      conditions.push(
        `(${order.columns.join(', ')}) ${order.descending ? '<' : '>'} (${keyCasts(filter.after).join(', ')})`,
      )
      filter.after.key.forEach((value, index) => {
        replacements[`k${index}`] = value
      })
    }
    const direction = order.descending ? 'DESC' : 'ASC'
    const rows = await db.sequelize.query(
      `SELECT w.* FROM waitlist_requests w WHERE ${conditions.join(' AND ')}
       ORDER BY ${order.columns.map((column) => `${column} ${direction}`).join(', ')}
       LIMIT :limit`,
      { replacements, model: db.models.WaitlistRequest, mapToModel: true },
    )
    const page = rows.slice(0, filter.limit)
    const items = await toPayloads(db, page)
    const last = items[items.length - 1]
    return {
      items: A.zipWith(items, page, (request, row) => ({ request, roles: rolesOf(row) })),
      next_cursor:
        rows.length > filter.limit && last !== undefined ? Cursor.encode(positionOf(filter.sort, last)) : null,
    }
  }
