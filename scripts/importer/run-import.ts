import type { Queue, QueueEvents } from 'bullmq'
import * as E from 'fp-ts/Either'
import type { ImportJobSpec } from '../../shared/queue/import-job-producer'
import { ImportJobResult } from '../../shared/queue/import-waitlist-requests-job'
import type { RowOutcome } from './import-report'

/**
 * Chunks queued and not yet answered, at most: enough to keep several worker
 * processes busy, few enough that an interrupted import leaves little behind
 * it in Redis and the progress bar moves with the work rather than ahead of it.
 */
export const DEFAULT_CHUNKS_IN_FLIGHT = 16

/** How often unanswered chunks are looked up directly, in case an event was missed (a Redis reconnect). */
const RECONCILE_EVERY_MS = 5_000

export interface RunImportInput {
  readonly queue: Queue
  /** Subscribed (waitUntilReady) before anything is added, so no chunk can finish unseen. */
  readonly events: QueueEvents
  /** The chunks, in order, each taken (and so built) only when it is about to be queued. */
  readonly jobs: Iterator<ImportJobSpec>
  readonly chunksInFlight?: number
  /** Aborted (Ctrl-C): stop adding and waiting; what is queued still runs, and a rerun collects it. */
  readonly signal?: AbortSignal
  readonly onOutcomes?: (outcomes: ReadonlyArray<RowOutcome>) => void
}

export interface RunImportResult {
  readonly outcomes: ReadonlyArray<RowOutcome>
  readonly interrupted: boolean
}

/** A chunk's answer, decoded at the trust boundary: a result outside the contract is a fault, reported per row. */
const outcomesOf = (spec: ImportJobSpec, returnvalue: unknown): RowOutcome[] => {
  const result = ImportJobResult.decode(returnvalue)
  if (E.isLeft(result)) return failedRows(spec, 'the worker answered outside the queue contract')
  if (result.right.outcome === 'rejected') {
    const errors = result.right.errors
    return spec.data.rows.map(({ row }) => ({ row, outcome: 'rejected', errors }))
  }
  return result.right.rows
}

const failedRows = (spec: ImportJobSpec, message: string): RowOutcome[] =>
  spec.data.rows.map(({ row }) => ({ row, outcome: 'failed', message }))

/** A row an earlier run created is, for this run, one that was already there. */
const asEarlier = (outcome: RowOutcome): RowOutcome =>
  outcome.outcome === 'created' ? { ...outcome, outcome: 'existing' } : outcome

const take = <A>(items: Iterator<A>, count: number): A[] => {
  const taken: A[] = []
  while (taken.length < count) {
    const next = items.next()
    if (next.done === true) break
    taken.push(next.value)
  }
  return taken
}

const pendingRows = (spec: ImportJobSpec): RowOutcome[] =>
  spec.data.rows.map(({ row }) => ({ row, outcome: 'pending' }))

/**
 * Adds an import's chunks to the queue, a window at a time, and collects every
 * row's answer. Job ids are batch and chunk, so a rerun of the same file adds
 * nothing still held in Redis; chunks gone from it (past retention) run again
 * and the worker answers their stored rows `existing`.
 */
export const runImport = async (input: RunImportInput): Promise<RunImportResult> => {
  const { queue, events, jobs, signal } = input
  const inFlight = Math.max(1, input.chunksInFlight ?? DEFAULT_CHUNKS_IN_FLIGHT)
  const pending = new Map<string, ImportJobSpec>()
  const outcomes: RowOutcome[] = []
  let wake: (() => void) | undefined

  const settle = (jobId: string, rows: (spec: ImportJobSpec) => RowOutcome[]) => {
    const spec = pending.get(jobId)
    if (spec === undefined) return
    pending.delete(jobId)
    const settled = rows(spec)
    outcomes.push(...settled)
    input.onOutcomes?.(settled)
    wake?.()
  }
  const onCompleted = ({ jobId, returnvalue }: { jobId: string; returnvalue: unknown }) =>
    settle(jobId, (spec) => outcomesOf(spec, returnvalue))
  // BullMQ emits `failed` only once a job has no attempts left.
  const onFailed = ({ jobId, failedReason }: { jobId: string; failedReason: string }) =>
    settle(jobId, (spec) => failedRows(spec, failedReason))

  /**
   * Chunks whose answer was missed (an event lost to a Redis reconnect) are read from their jobs; one no longer
   * kept (retention keeps the newest 500 chunks) runs again, and its stored rows answer `existing`.
   */
  const settleFinished = async (specs: ReadonlyArray<ImportJobSpec>) => {
    const states = await Promise.all(specs.map((spec) => queue.getJobState(spec.opts.jobId)))
    for (const [index, state] of states.entries()) {
      const spec = specs[index]
      if (spec !== undefined && state === 'unknown') await queue.add(spec.name, spec.data, spec.opts)
      if (spec === undefined || (state !== 'completed' && state !== 'failed')) continue
      const job = await queue.getJob(spec.opts.jobId)
      if (job === undefined) continue
      if (state === 'completed') settle(spec.opts.jobId, (s) => outcomesOf(s, job.returnvalue))
      else settle(spec.opts.jobId, (s) => failedRows(s, job.failedReason))
    }
  }

  /**
   * Adds a window of chunks. A chunk an earlier run of the same file already
   * finished is answered from its job, its rows `existing` (this run wrote
   * none of them); one that failed for good is retried; one still queued is
   * left to finish; only the rest are added.
   */
  const addWindow = async (window: ReadonlyArray<ImportJobSpec>) => {
    for (const spec of window) pending.set(spec.opts.jobId, spec)
    const states = await Promise.all(window.map((spec) => queue.getJobState(spec.opts.jobId)))
    const fresh = window.filter((_, index) => states[index] === 'unknown')
    if (fresh.length > 0) await queue.addBulk(fresh.map(({ name, data, opts }) => ({ name, data, opts })))
    for (const [index, state] of states.entries()) {
      const spec = window[index]
      if (spec === undefined || (state !== 'completed' && state !== 'failed')) continue
      const job = await queue.getJob(spec.opts.jobId)
      if (job === undefined) await queue.add(spec.name, spec.data, spec.opts)
      else if (state === 'failed') await job.retry('failed')
      else settle(spec.opts.jobId, (s) => outcomesOf(s, job.returnvalue).map(asEarlier))
    }
  }

  const nextSettlement = () =>
    new Promise<'settled' | 'quiet'>((resolve) => {
      const timer = setTimeout(() => done('quiet'), RECONCILE_EVERY_MS)
      const done = (why: 'settled' | 'quiet') => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
        wake = undefined
        resolve(why)
      }
      const onAbort = () => done('settled')
      wake = () => done('settled')
      signal?.addEventListener('abort', onAbort)
    })

  events.on('completed', onCompleted)
  events.on('failed', onFailed)
  let exhausted = false
  try {
    while (!signal?.aborted && (!exhausted || pending.size > 0)) {
      const room = inFlight - pending.size
      if (room > 0 && !exhausted) {
        const window = take(jobs, room)
        exhausted = window.length < room
        await addWindow(window)
        continue
      }
      if ((await nextSettlement()) === 'quiet') await settleFinished([...pending.values()])
    }
  } finally {
    events.off('completed', onCompleted)
    events.off('failed', onFailed)
  }
  const notQueued = take(jobs, Number.POSITIVE_INFINITY)
  const unfinished = [...pending.values(), ...notQueued].flatMap(pendingRows)
  return { outcomes: [...outcomes, ...unfinished], interrupted: unfinished.length > 0 }
}
