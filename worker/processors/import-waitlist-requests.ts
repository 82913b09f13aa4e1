import { setImmediate as yieldToEventLoop } from 'node:timers/promises'
import * as E from 'fp-ts/Either'
import type { RequestId } from '../../shared/codecs/request-id'
import { fail, type FieldErrors, type Validation } from '../../shared/errors/field-error'
import {
  decodeImportJob,
  type ImportJobResult,
  type ImportRowResult,
  type RowNumber,
} from '../../shared/queue/import-waitlist-requests-job'
import type { CreateSubmission } from '../../shared/waitlist-request/create-submission'
import { resolveCreateRequest, type CreateReferences } from '../../shared/waitlist-request/resolve-create-request'
import { referenceQueryOf, type ReferenceQuery } from '../reference-data/reference-data-repository'
import type { NewWaitlistRequest } from '../waitlist-requests/insert-waitlist-requests'

/**
 * What the import processor needs from the outside world, passed in so tests
 * can supply their own. Each may throw: a throw is an infrastructure fault, and
 * BullMQ retries the whole chunk with backoff (safe: every write is keyed by
 * an id chosen before enqueueing). The insert answers a refusal of its data by
 * the database as a value, which no retry would change.
 */
export interface ImportProcessorPorts {
  readonly findStoredIds: (ids: ReadonlyArray<RequestId>) => Promise<ReadonlySet<string>>
  readonly lookupReferences: (queries: ReadonlyArray<ReferenceQuery>) => Promise<ReadonlyArray<CreateReferences>>
  readonly insertMany: (requests: ReadonlyArray<NewWaitlistRequest>) => Promise<E.Either<FieldErrors, void>>
  readonly now: () => Date
}

/**
 * Rows judged between two turns of the event loop: a chunk's rules are
 * synchronous CPU work, and a worker also serves single creates whose callers
 * are waiting, so a chunk must not hold the loop for its whole length.
 */
const ROWS_PER_TURN = 100

interface Accepted {
  readonly request_id: RequestId
  readonly submission: CreateSubmission
}

/** A request id given twice in one chunk would be one stored row answering for two: the later row is refused. */
const refuseRepeatedIds = (rows: ReadonlyArray<{ row: RowNumber; decoded: Validation<Accepted> }>) => {
  const firstRow = new Map<string, RowNumber>()
  return rows.map(({ row, decoded }) => ({
    row,
    decoded: E.chain((accepted: Accepted): Validation<Accepted> => {
      const first = firstRow.get(accepted.request_id)
      if (first !== undefined) return fail('request_id', `request_id repeats the request_id of row ${first}`)
      firstRow.set(accepted.request_id, row)
      return E.right(accepted)
    })(decoded),
  }))
}

/**
 * The rows' one multi-row insert; when the database refuses it for its data,
 * each row on its own, so the refusal is only the refused rows' answer. Rare
 * (the rules refuse what the database would), so one row at a time is fine.
 * Answers the refused rows by id.
 */
const insertRows = async (
  ports: ImportProcessorPorts,
  writes: ReadonlyArray<NewWaitlistRequest>,
): Promise<ReadonlyMap<RequestId, FieldErrors>> => {
  const whole = await ports.insertMany(writes)
  if (E.isRight(whole)) return new Map()
  const [only] = writes
  if (writes.length === 1 && only !== undefined) return new Map([[only.stamp.id, whole.left]])
  const refused = new Map<RequestId, FieldErrors>()
  for (const write of writes) {
    const alone = await ports.insertMany([write])
    if (E.isLeft(alone)) refused.set(write.stamp.id, alone.left)
  }
  return refused
}

const mapInTurns = async <A, B>(items: ReadonlyArray<A>, f: (item: A) => B): Promise<B[]> => {
  const out: B[] = []
  for (let start = 0; start < items.length; start += ROWS_PER_TURN) {
    if (start > 0) await yieldToEventLoop()
    for (const item of items.slice(start, start + ROWS_PER_TURN)) out.push(f(item))
  }
  return out
}

/**
 * Runs one import chunk: every row through the create rules (decoded exactly
 * as a create job, then judged against reference data looked up once for the
 * chunk), then one multi-row insert of the rows that passed. A row whose id is
 * already stored is answered `existing` without being judged again, as a
 * create job run twice answers with its row even if today's rules would differ.
 */
export const processImportJob =
  (ports: ImportProcessorPorts) =>
  async (data: unknown): Promise<ImportJobResult> => {
    const chunk = decodeImportJob(data)
    if (E.isLeft(chunk)) return { outcome: 'rejected', errors: chunk.left }
    const rows = refuseRepeatedIds(
      await mapInTurns(chunk.right.rows, ({ row, decode }) => ({ row, decoded: decode() })),
    )

    const accepted = rows.flatMap(({ decoded }) => (E.isRight(decoded) ? [decoded.right] : []))
    // Both in one round: looking up references for a row that turns out stored costs nothing extra, as a chunk's rows share them.
    const [stored, references] = await Promise.all([
      ports.findStoredIds(accepted.map(({ request_id }) => request_id)),
      ports.lookupReferences(accepted.map(({ submission }) => referenceQueryOf(submission))),
    ])
    const referencesOf = new Map(accepted.map(({ request_id }, index) => [request_id, references[index]]))
    const now = ports.now()

    /** A row's verdict: its rule failures, or its id and the write it needs (none when stored already). */
    type Verdict = Validation<{ request_id: RequestId; write: NewWaitlistRequest | undefined }>
    const judged = await mapInTurns(rows, ({ row, decoded }): { row: RowNumber; verdict: Verdict } => {
      if (E.isLeft(decoded)) return { row, verdict: decoded }
      const { request_id, submission } = decoded.right
      if (stored.has(request_id)) return { row, verdict: E.right({ request_id, write: undefined }) }
      const found = referencesOf.get(request_id)
      if (found === undefined) throw new Error(`no references were looked up for row ${row}`)
      return {
        row,
        verdict: E.map((request: NewWaitlistRequest['request']) => ({
          request_id,
          write: { request, stamp: { id: request_id, at: now, by: submission.actor } },
        }))(resolveCreateRequest(submission, found, now)),
      }
    })

    const refused = await insertRows(
      ports,
      judged.flatMap(({ verdict }) => (E.isRight(verdict) && verdict.right.write ? [verdict.right.write] : [])),
    )
    return {
      outcome: 'processed',
      rows: judged.map(({ row, verdict }): ImportRowResult => {
        if (E.isLeft(verdict)) return { row, outcome: 'rejected', errors: verdict.left }
        const { request_id, write } = verdict.right
        const errors = refused.get(request_id)
        if (errors !== undefined) return { row, outcome: 'rejected', errors }
        return { row, outcome: write === undefined ? 'existing' : 'created', request_id }
      }),
    }
  }
