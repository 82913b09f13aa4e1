import { UnrecoverableError, Worker, type ConnectionOptions, type Job } from 'bullmq'
import type { Logger } from 'pino'
import type { Sequelize } from 'sequelize'
import { hostname } from 'node:os'
import { IMPORT_QUEUE_NAME, QUEUE_NAME } from '../shared/queue/waitlist-queue'
import { IMPORT_JOB_NAME, ImportJobResult } from '../shared/queue/import-waitlist-requests-job'
import { processImportJob } from './processors/import-waitlist-requests'
import { lookupReferencesForMany } from './reference-data/reference-data-repository'
import {
  findStoredIds,
  insertWaitlistRequests,
  type NewWaitlistRequest,
} from './waitlist-requests/insert-waitlist-requests'
import { CREATE_JOB_NAME, CreateJobResult } from '../shared/queue/create-waitlist-request-job'
import { processCreateJob } from './processors/create-waitlist-request'
import { lookupCreateReferences } from './reference-data/reference-data-repository'
import { createReferenceDataCache } from './reference-data/reference-data-cache'
import { findWaitlistRequest, insertReturningPayloads } from './waitlist-requests/waitlist-request-repository'
import { createBatcher } from './batching/batcher'
import { CHANGE_JOB_NAME } from '../shared/queue/change-waitlist-request-job'
import { CANCEL_JOB_NAME } from '../shared/queue/cancel-waitlist-request-job'
import { FULFILL_JOB_NAME } from '../shared/queue/fulfill-waitlist-request-job'
import { EXPIRE_JOB_NAME, ExpireJobResult } from '../shared/queue/expire-waitlist-requests-job'
import { UpdateJobResult } from '../shared/queue/update-job'
import { processChangeJob } from './processors/change-waitlist-request'
import { processCancelJob } from './processors/cancel-waitlist-request'
import { processFulfillJob } from './processors/fulfill-waitlist-request'
import { processExpireJob } from './processors/expire-waitlist-requests'
import { updateWaitlistRequest, type Decide, type UpdateStamp } from './waitlist-requests/update-waitlist-request'
import { expireDueRequests } from './waitlist-requests/expire-waitlist-requests'

/** Each job name's result, as its own codec encodes it. */
type ResultOutput = unknown

type Processor = (job: Job<unknown, unknown, string>) => Promise<unknown>

/** One processor per job name; a name we do not handle is a producer's mistake: failed once, visibly, without retries. */
const dispatchByName =
  (processors: Readonly<Record<string, Processor>>): Processor =>
  async (job) => {
    const processor = Object.prototype.hasOwnProperty.call(processors, job.name) ? processors[job.name] : undefined
    if (processor === undefined) throw new UnrecoverableError(`no processor for job name ${job.name}`)
    return processor(job)
  }

export const createWorker = (deps: {
  readonly connection: ConnectionOptions
  readonly prefix: string
  readonly sequelize: Sequelize
  readonly logger: Logger
  readonly concurrency: number
  readonly lockDurationMs: number
  readonly stalledIntervalMs: number
}): Worker<unknown, ResultOutput, string> => {
  // A create looks its references up outside any transaction, so it may read them from memory; a change reads
  // them inside its transaction, from the database, as before.
  const references = createReferenceDataCache({ sequelize: deps.sequelize })
  // Creates that arrive while a write is running go out together in the next one. One write at a time: two
  // halved the batches, and each batch pays its own parse, commit and WAL flush (c=64 measured 2,850 req/s with
  // two against 3,360 with one, docs/benchmarks.md).
  const writes = createBatcher({
    runMany: (requests: ReadonlyArray<NewWaitlistRequest>) => insertReturningPayloads(deps.sequelize, requests),
    maxBatchSize: deps.concurrency,
    maxInFlight: 1,
  })
  const create = processCreateJob({
    findExisting: (id) => findWaitlistRequest(id),
    lookupReferences: references.lookup,
    insert: (request, stamp) => writes.run({ request, stamp }),
    now: () => new Date(),
  })

  const updatePorts = {
    update: (stamp: UpdateStamp, decide: Decide) => updateWaitlistRequest(deps.sequelize, stamp, decide),
    now: () => new Date(),
  }
  const change = processChangeJob({ ...updatePorts, lookupReferences: lookupCreateReferences })
  const cancel = processCancelJob(updatePorts)
  const fulfill = processFulfillJob(updatePorts)
  const expire = processExpireJob({
    expireDue: (now) => expireDueRequests(deps.sequelize, now),
    now: () => new Date(),
  })
  const logRejection = (job: Job, result: { outcome: string; errors?: unknown }) => {
    if (result.outcome === 'rejected')
      deps.logger.info({ jobId: job.id, name: job.name, errors: result.errors }, 'job rejected')
  }
  /** Change, cancel and fulfil answer alike: an update result, a rejection logged. */
  const update =
    (process: (data: unknown) => Promise<UpdateJobResult>) =>
    async (job: Job<unknown, ResultOutput, string>): Promise<ResultOutput> => {
      const result = await process(job.data)
      logRejection(job, result)
      return UpdateJobResult.encode(result)
    }

  /** One processor per job name, each returning its result encoded by that job's result codec. */
  const processors: Record<string, (job: Job<unknown, ResultOutput, string>) => Promise<ResultOutput>> = {
    [CREATE_JOB_NAME]: async (job) => {
      const result = await create(job.data)
      logRejection(job, result)
      return CreateJobResult.encode(result)
    },
    [CHANGE_JOB_NAME]: update(change),
    [CANCEL_JOB_NAME]: update(cancel),
    [FULFILL_JOB_NAME]: update(fulfill),
    [EXPIRE_JOB_NAME]: async (job) => {
      const result = await expire(job.data)
      if (result.outcome === 'swept' && result.expired > 0)
        deps.logger.info({ expired: result.expired }, 'requests expired')
      logRejection(job, result)
      return ExpireJobResult.encode(result)
    },
  }

  const worker = new Worker<unknown, ResultOutput, string>(QUEUE_NAME, dispatchByName(processors), {
    connection: deps.connection,
    prefix: deps.prefix,
    concurrency: deps.concurrency,
    lockDuration: deps.lockDurationMs,
    stalledInterval: deps.stalledIntervalMs,
    autorun: false,
  })
  worker.on('failed', (job, error) => {
    deps.logger.error({ jobId: job?.id, attemptsMade: job?.attemptsMade, err: error }, 'job attempt failed')
  })
  worker.on('error', (error) => deps.logger.error({ err: error }, 'worker error'))
  return worker
}

/**
 * The import queue's worker, beside the interactive one in every worker
 * process: its own queue and small concurrency keep a large import from
 * taking the slots that single creates wait on. Named by host and process, so
 * a job's `processedBy` says which process ran it.
 */
export const createImportWorker = (deps: {
  readonly connection: ConnectionOptions
  readonly prefix: string
  readonly sequelize: Sequelize
  readonly logger: Logger
  readonly concurrency: number
  readonly lockDurationMs: number
  readonly stalledIntervalMs: number
}): Worker<unknown, unknown, string> => {
  const importChunk = processImportJob({
    findStoredIds,
    lookupReferences: (queries) => lookupReferencesForMany(queries),
    insertMany: (requests) => insertWaitlistRequests(deps.sequelize, requests),
    now: () => new Date(),
  })
  const worker = new Worker<unknown, unknown, string>(
    IMPORT_QUEUE_NAME,
    dispatchByName({
      [IMPORT_JOB_NAME]: async (job) => {
        const result = await importChunk(job.data)
        if (result.outcome === 'rejected') {
          deps.logger.info({ jobId: job.id, errors: result.errors }, 'import chunk rejected whole')
        }
        return ImportJobResult.encode(result)
      },
    }),
    {
      connection: deps.connection,
      prefix: deps.prefix,
      concurrency: deps.concurrency,
      lockDuration: deps.lockDurationMs,
      stalledInterval: deps.stalledIntervalMs,
      name: `${hostname()}:${process.pid}`,
      autorun: false,
    },
  )
  worker.on('failed', (job, error) => {
    deps.logger.error({ jobId: job?.id, attemptsMade: job?.attemptsMade, err: error }, 'import chunk attempt failed')
  })
  worker.on('error', (error) => deps.logger.error({ err: error }, 'import worker error'))
  return worker
}
