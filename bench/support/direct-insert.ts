import { randomUUID } from 'node:crypto'
import { Pool } from 'pg'
import {
  toCreatedHistoryRow,
  toRequestRow,
  type NewWaitlistRequest,
} from '../../worker/waitlist-requests/insert-waitlist-requests'
import { figuresOf, type LoadFigures } from './http-load'

/** As many connections as a worker process's pool may hold (start-worker caps it at 20). */
const MAX_CONNECTIONS = 20

/**
 * Ceiling (a): the row a create writes, with its 'created' history entry, in
 * one statement with `pg` straight into PostgreSQL: no HTTP, no queue, no
 * rules, no ORM. `concurrency` callers insert in a loop for `seconds`, each
 * time under a fresh id.
 */
export const driveDirectInserts = async (options: {
  readonly databaseUrl: string
  readonly row: NewWaitlistRequest
  readonly concurrency: number
  readonly seconds: number
}): Promise<LoadFigures> => {
  const { id: _, ...rest } = toRequestRow(options.row)
  const history = toCreatedHistoryRow(options.row.stamp)
  const columns = ['id', ...Object.keys(rest)]
  const sql = [
    `WITH r AS (INSERT INTO waitlist_requests (${columns.join(', ')})`,
    `VALUES (${columns.map((_, index) => `$${index + 1}`).join(', ')}) RETURNING id)`,
    'INSERT INTO waitlist_request_history (request_id, version, event, changes, actor, at)',
    `SELECT id, $${columns.length + 1}, $${columns.length + 2}, $${columns.length + 3}, $${columns.length + 4}, $${columns.length + 5} FROM r`,
  ].join(' ')
  const restValues = Object.values(rest)
  const historyValues = [history.version, history.event, JSON.stringify(history.changes), history.actor, history.at]
  const pool = new Pool({ connectionString: options.databaseUrl, max: Math.min(options.concurrency, MAX_CONNECTIONS) })
  try {
    const latencies: number[] = []
    let errors = 0
    const deadline = Date.now() + options.seconds * 1000
    const started = process.hrtime.bigint()
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (Date.now() < deadline) {
          const sent = process.hrtime.bigint()
          try {
            await pool.query({
              name: 'bench-direct-insert',
              text: sql,
              values: [randomUUID(), ...restValues, ...historyValues],
            })
            latencies.push(Number(process.hrtime.bigint() - sent) / 1e6)
          } catch {
            errors += 1
          }
        }
      }),
    )
    const seconds = Number(process.hrtime.bigint() - started) / 1e9
    return figuresOf(options.concurrency, latencies, seconds, errors)
  } finally {
    await pool.end()
  }
}
