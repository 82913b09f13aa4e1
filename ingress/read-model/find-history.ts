import * as E from 'fp-ts/Either'
import * as t from 'io-ts'
import type { RequestId } from '../../shared/codecs/request-id'
import { HistoryEntry } from '../../shared/waitlist-request/history'
import { WriterRole, type StoredHistoryEntry } from '../../shared/waitlist-request/writer'
import type { Database } from '../../worker/db/connection'

const StoredEntries = t.array(t.type({ entry: HistoryEntry, role: WriterRole }))

/** Every write to one request, oldest first, with the role of its writer, decoded as the contract says. */
export const findHistory =
  (db: Database) =>
  async (requestId: RequestId): Promise<StoredHistoryEntry[]> => {
    const rows = await db.models.WaitlistRequestHistory.findAll({
      where: { request_id: requestId },
      order: [['version', 'ASC']],
      raw: true,
    })
    const decoded = StoredEntries.decode(
      rows.map((row) => ({
        entry: {
          version: row.version,
          event: row.event,
          at: row.at.toISOString(),
          by: row.actor,
          changes: row.changes,
        },
        role: row.actor_role,
      })),
    )
    if (E.isLeft(decoded))
      throw new Error(`stored history of waitlist request ${requestId} does not match its contract`)
    return decoded.right
  }
