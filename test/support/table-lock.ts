import { setTimeout as sleep } from 'node:timers/promises'
import type { Sequelize, Transaction } from 'sequelize'

/**
 * Holds a SHARE lock on `waitlist_requests`: reads go on, every write blocks.
 * A real way to keep jobs "mid-flight" (at their insert) for as long as a test
 * needs, with no hook in the service's code.
 */
export const lockRequestsTable = async (sequelize: Sequelize): Promise<{ release: () => Promise<void> }> => {
  const transaction: Transaction = await sequelize.transaction()
  await sequelize.query('LOCK TABLE waitlist_requests IN SHARE MODE', { transaction })
  return { release: () => transaction.rollback() }
}

export const countRequests = async (
  sequelize: Sequelize,
  where = 'true',
  replacements: Record<string, unknown> = {},
) => {
  const [row] = (await sequelize.query(`SELECT count(*)::int AS n FROM waitlist_requests WHERE ${where}`, {
    replacements,
    plain: false,
    raw: true,
  })) as [Array<{ n: number }>, unknown]
  return row[0]?.n ?? 0
}

export const eventually = async <A>(probe: () => Promise<A | undefined>, timeoutMs = 10_000): Promise<A> => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await sleep(50)
  }
}
