import * as E from 'fp-ts/Either'
import * as t from 'io-ts'
import type { RequestId } from '../../shared/codecs/request-id'
import { HistoryEntry } from '../../shared/waitlist-request/history'
import type { Database } from '../../worker/db/connection'

const HistoryEntries = t.array(HistoryEntry)

/** Every write to one request, oldest first, decoded as the contract says before anyone sees it. */
export const findHistory =
  (db: Database) =>
  async (requestId: RequestId): Promise<HistoryEntry[]> => {
    const rows = await db.models.WaitlistRequestHistory.findAll({
      where: { request_id: requestId },
      order: [['version', 'ASC']],
      raw: true,
    })
    const decoded = HistoryEntries.decode(
      rows.map((row) => ({
        version: row.version,
        event: row.event,
        at: row.at.toISOString(),
        by: row.actor,
        changes: row.changes,
      })),
    )
    if (E.isLeft(decoded))
      throw new Error(`stored history of waitlist request ${requestId} does not match its contract`)
    return decoded.right
  }
