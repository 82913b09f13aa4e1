import * as O from 'fp-ts/Option'
import { QueryTypes, type Transaction } from 'sequelize'
import type { RequestId } from '../../shared/codecs/request-id'
import type {
  ResolvedWaitlistRequest,
  WaitlistRequestPayload,
} from '../../shared/waitlist-request/waitlist-request-payload'
import type { StoredWaitlistRequest } from '../../shared/waitlist-request/read-access'
import type { Database } from '../db/connection'
import type { Models } from '../db/models'
import type { WaitlistRequestModel } from '../db/models/waitlist-request-model'
import { findStoredWaitlistRequest, toPayload } from '../db/waitlist-request-rows'
import { insertSql, toCreatedHistoryRow, toRequestRow, type NewWaitlistRequest } from './insert-waitlist-requests'

export const findWaitlistRequest = async (
  db: Database,
  id: string,
  transaction?: Transaction,
): Promise<O.Option<WaitlistRequestPayload>> =>
  O.map((stored: StoredWaitlistRequest) => stored.request)(await findStoredWaitlistRequest(db, id, transaction))

/**
 * Requests and their 'created' history entries in one statement (so atomic
 * without a transaction), answering the rows it wrote: none for an id stored
 * already.
 */
const insertManySql = (models: Models): string => {
  const sample = {
    request: {} as ResolvedWaitlistRequest,
    stamp: { id: '' as RequestId, at: new Date(0), by: { sub: '', role: 'USER' as const } },
  }
  const request = insertSql(models.WaitlistRequest, Object.keys(toRequestRow(sample)))
  const history = insertSql(models.WaitlistRequestHistory, Object.keys(toCreatedHistoryRow(sample.stamp))).replace(
    '$1',
    '$2',
  )
  return `WITH written AS (${request} RETURNING *), history AS (${history}) SELECT * FROM written`
}
let insertMany: string | undefined

/**
 * Insert-or-return-existing, for many at once: ids were chosen before the jobs
 * were enqueued, so a job that runs twice finds its own row and answers with
 * it unchanged. The 'created' history entries are written by the same
 * statement, so a batch is one round trip and one commit. A new row's payload
 * is made from what was just written and the patient and providers the rules
 * resolved; only a rerun reads its stored row. Answers in the order given.
 */
export const insertReturningPayloads = async (
  db: Database,
  requests: ReadonlyArray<NewWaitlistRequest>,
): Promise<WaitlistRequestPayload[]> => {
  insertMany ??= insertManySql(db.models)
  const written = await db.sequelize.query<WaitlistRequestModel>(insertMany, {
    bind: [
      JSON.stringify(requests.map(toRequestRow)),
      JSON.stringify(requests.map(({ stamp }) => toCreatedHistoryRow(stamp))),
    ],
    type: QueryTypes.SELECT,
  })
  const writtenById = new Map(written.map((row) => [row.id, row]))
  return Promise.all(
    requests.map(async ({ request, stamp }) => {
      const row = writtenById.get(stamp.id)
      if (row !== undefined) {
        const providers = new Map((request.preferred_provider_details ?? []).map((provider) => [provider.id, provider]))
        return toPayload(row, request.patient, providers)
      }
      const stored = await findWaitlistRequest(db, stamp.id)
      if (O.isNone(stored)) throw new Error(`waitlist request ${stamp.id} was neither written nor found`)
      return stored.value
    }),
  )
}
