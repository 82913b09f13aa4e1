import * as E from 'fp-ts/Either'
import type { Database } from '../../worker/db/connection'
import type { Actor } from '../../shared/auth/actor'
import { decodeCreateJob } from '../../shared/queue/create-waitlist-request-job'
import { importRequestId, type ImportRowInput } from '../../shared/queue/import-job-producer'
import type { ImportBatchId } from '../../shared/queue/import-waitlist-requests-job'
import { resolveCreateRequest } from '../../shared/waitlist-request/resolve-create-request'
import { lookupReferencesForMany, referenceQueryOf } from '../../worker/reference-data/reference-data-repository'
import {
  insertWaitlistRequests,
  type NewWaitlistRequest,
} from '../../worker/waitlist-requests/insert-waitlist-requests'

/**
 * The rows an import of `rows` would write, judged here beforehand (untimed)
 * with the worker's own decoding and rules, so the ceiling writes exactly what
 * the import writes.
 */
export const resolvedRows = async (
  db: Database,
  batchId: ImportBatchId,
  actor: Actor,
  rows: ReadonlyArray<ImportRowInput>,
): Promise<NewWaitlistRequest[]> => {
  const submissions = rows.map((row) => {
    const decoded = decodeCreateJob({
      version: 1,
      request_id: importRequestId(batchId, row.row),
      actor,
      patient_id: row.patient_id,
      body: row.body,
    })
    if (E.isLeft(decoded)) throw new Error(`row ${row.row} is not valid: ${JSON.stringify(decoded.left)}`)
    return decoded.right
  })
  const references = await lookupReferencesForMany(
    db.models,
    submissions.map(({ submission }) => referenceQueryOf(submission)),
  )
  const now = new Date()
  return submissions.map(({ request_id, submission }, index) => {
    const found = references[index]
    const resolved = found === undefined ? undefined : resolveCreateRequest(submission, found, now)
    if (resolved === undefined || E.isLeft(resolved)) throw new Error(`row ${index} does not resolve`)
    return { request: resolved.right, stamp: { id: request_id, at: now, by: submission.actor } }
  })
}

/**
 * The write ceiling: the same rows, the same multi-row insert per chunk, the
 * same number of chunks at once as one worker process runs, straight into
 * PostgreSQL with no queue, no decoding and no rules. Answers seconds taken.
 */
export const timeDirectWrites = async (
  db: Database,
  rows: ReadonlyArray<NewWaitlistRequest>,
  chunkRows: number,
  concurrency: number,
): Promise<number> => {
  const chunks = Array.from({ length: Math.ceil(rows.length / chunkRows) }, (_, index) =>
    rows.slice(index * chunkRows, (index + 1) * chunkRows),
  )
  const started = process.hrtime.bigint()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let chunk = chunks.shift(); chunk !== undefined; chunk = chunks.shift()) {
        await insertWaitlistRequests(db, chunk)
      }
    }),
  )
  return Number(process.hrtime.bigint() - started) / 1e9
}
