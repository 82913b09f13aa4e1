import { UnrecoverableError, Worker, type ConnectionOptions, type Job, type Queue } from 'bullmq'
import type * as t from 'io-ts'
import type { Logger } from 'pino'
import * as E from 'fp-ts/Either'
import { hostname } from 'node:os'
import { IMPORT_QUEUE_NAME, QUEUE_NAME } from '../shared/queue/waitlist-queue'
import { IMPORT_JOB_NAME, ImportJobResult } from '../shared/queue/import-waitlist-requests-job'
import { CREATE_JOB_NAME, CreateJobResult } from '../shared/queue/create-waitlist-request-job'
import { CHANGE_JOB_NAME } from '../shared/queue/change-waitlist-request-job'
import { CANCEL_JOB_NAME } from '../shared/queue/cancel-waitlist-request-job'
import { FULFILL_JOB_NAME } from '../shared/queue/fulfill-waitlist-request-job'
import { EXPIRE_JOB_NAME, ExpireJobResult } from '../shared/queue/expire-waitlist-requests-job'
import { UpdateJobResult } from '../shared/queue/update-job'
import { OPEN_SLOT_JOB_NAME, OpenSlotJobResult } from '../shared/queue/open-slot-job'
import { WITHDRAW_OPENING_JOB_NAME, WithdrawOpeningJobResult } from '../shared/queue/withdraw-opening-job'
import type { FieldError } from '../shared/errors/field-error'
import {
  ACCEPT_OFFER_JOB_NAME,
  AcceptOfferJobResult,
  DECLINE_OFFER_JOB_NAME,
  DeclineOfferJobResult,
} from '../shared/queue/offer-answer-jobs'
import { CANDIDATES_APPEARED_JOB_NAME, OFFER_ROUND_JOB_NAME, RoundJobResult } from '../shared/queue/offer-round-jobs'
import type { Database } from './db/connection'
import { processImportJob } from './processors/import-waitlist-requests'
import { processCreateJob } from './processors/create-waitlist-request'
import { processChangeJob } from './processors/change-waitlist-request'
import { processCancelJob } from './processors/cancel-waitlist-request'
import { processFulfillJob } from './processors/fulfill-waitlist-request'
import { processExpireJob } from './processors/expire-waitlist-requests'
import { processOpenSlotJob } from './processors/open-slot'
import { processWithdrawOpeningJob } from './processors/withdraw-opening'
import { processAcceptOfferJob, processDeclineOfferJob } from './processors/answer-offer'
import { processCandidatesAppearedJob, processOfferRoundJob } from './processors/offer-round'
import { createOfferServices, type OfferPorts } from './offers/offer-services'
import { nudgeOpenings } from './offers/nudge-openings'
import { findOpening, insertOpening, writeOpeningStatus } from './openings/opening-repository'
import { lookupOpeningReferences } from './reference-data/opening-references'
import { lookupCreateReferences, lookupReferencesForMany } from './reference-data/reference-data-repository'
import { createReferenceDataCache } from './reference-data/reference-data-cache'
import {
  findStoredIds,
  insertWaitlistRequests,
  type NewWaitlistRequest,
} from './waitlist-requests/insert-waitlist-requests'
import { findWaitlistRequest, insertReturningPayloads } from './waitlist-requests/waitlist-request-repository'
import { updateWaitlistRequest, type Decide, type UpdateStamp } from './waitlist-requests/update-waitlist-request'
import { expireDueRequests } from './waitlist-requests/expire-waitlist-requests'
import { createBatcher } from './batching/batcher'
import { refusedDataAsRejection } from './db/data-refusal'
import { jobLogFields, logJobs } from './job-log'

/**
 * What every worker of a process is given: its queue connection and prefix, producers on its queue and on the
 * events queue (for the jobs it adds itself), its own database handle, its limits, and the offers' ports.
 */
export interface WorkerSettings {
  readonly connection: ConnectionOptions
  readonly prefix: string
  readonly producer: Queue
  readonly events: Queue
  readonly offers: OfferPorts
  readonly db: Database
  readonly logger: Logger
  readonly concurrency: number
  readonly lockDurationMs: number
  readonly stalledIntervalMs: number
}

type WaitlistJobName =
  | typeof CREATE_JOB_NAME
  | typeof CHANGE_JOB_NAME
  | typeof CANCEL_JOB_NAME
  | typeof FULFILL_JOB_NAME
  | typeof EXPIRE_JOB_NAME
  | typeof OPEN_SLOT_JOB_NAME
  | typeof WITHDRAW_OPENING_JOB_NAME
  | typeof ACCEPT_OFFER_JOB_NAME
  | typeof DECLINE_OFFER_JOB_NAME
  | typeof OFFER_ROUND_JOB_NAME
  | typeof CANDIDATES_APPEARED_JOB_NAME

/** Each job name's result as its codec encodes it; job data stays `unknown` until the processor decodes it. */
type WaitlistJobResult =
  | t.OutputOf<typeof CreateJobResult>
  | t.OutputOf<typeof UpdateJobResult>
  | t.OutputOf<typeof ExpireJobResult>
  | t.OutputOf<typeof OpenSlotJobResult>
  | t.OutputOf<typeof WithdrawOpeningJobResult>
  | t.OutputOf<typeof AcceptOfferJobResult>
  | t.OutputOf<typeof DeclineOfferJobResult>
  | t.OutputOf<typeof RoundJobResult>
type ImportJobOutput = t.OutputOf<typeof ImportJobResult>

type Processor<Result, Name extends string> = (job: Job<unknown, Result, Name>, token?: string) => Promise<Result>

/** A job whose name no processor of its queue handles: its name is the producer's word, never a metric's label. */
export class UnknownJobName extends UnrecoverableError {}

/** One processor per job name; a name we do not handle is a producer's mistake: failed once, visibly, without retries. */
export const dispatchByName =
  <Result, Name extends string>(processors: Readonly<Record<Name, Processor<Result, Name>>>): Processor<Result, Name> =>
  async (job, token) => {
    const processor = Object.prototype.hasOwnProperty.call(processors, job.name) ? processors[job.name] : undefined
    if (processor === undefined) throw new UnknownJobName(`no processor for job name ${job.name}`)
    return processor(job, token)
  }

/**
 * How many times a job may be taken back from a worker that went silent (killed, stopped, its lock lapsed) before
 * BullMQ fails it for good. Its default, 1, fails an acknowledged create whose worker dies during a rolling restart
 * after its first worker died too; every job here is safe to run again (docs/queue-contract.md), so a stall costs
 * only a rerun. A job that kills every worker it reaches still ends, after three.
 */
const MAX_STALLED_COUNT = 3

export const workerOptions = (settings: WorkerSettings) => ({
  connection: settings.connection,
  prefix: settings.prefix,
  concurrency: settings.concurrency,
  lockDuration: settings.lockDurationMs,
  stalledInterval: settings.stalledIntervalMs,
  maxStalledCount: MAX_STALLED_COUNT,
  // Named by host and process, so a job's `processedBy` says which process ran it.
  name: `${hostname()}:${process.pid}`,
  autorun: false,
})

/**
 * A rejection is logged by the fields it names, not its messages: a message may quote what was sent (the unknown
 * provider ids, say), and the client reads the messages in the job's result anyway.
 */
const rejectedFields = (errors: ReadonlyArray<FieldError> = []) => errors.map((error) => error.field)

export const createWorker = (settings: WorkerSettings): Worker<unknown, WaitlistJobResult, WaitlistJobName> => {
  const { db, logger } = settings
  // A create looks its references up outside any transaction, so it may read them from memory; a change reads
  // them inside its transaction, from the database, as before.
  const references = createReferenceDataCache({ db })
  const offers = createOfferServices({ db, producer: settings.producer, logger, ports: settings.offers })
  // Creates that arrive while a write is running go out together in the next one. One write at a time: two
  // halved the batches, and each batch pays its own parse, commit and WAL flush (c=64 measured 2,850 req/s with
  // two against 3,360 with one, docs/benchmarks.md).
  const writes = createBatcher({
    runMany: async (requests: ReadonlyArray<NewWaitlistRequest>) => {
      const stored = await insertReturningPayloads(db, requests)
      offers.nudge(stored)
      return stored
    },
    maxBatchSize: settings.concurrency,
    maxInFlight: 1,
  })
  const now = () => new Date()
  const create = processCreateJob({
    findExisting: (id) => findWaitlistRequest(db, id),
    lookupReferences: references.lookup,
    // A batch the database refuses is run again row by row, so a refusal reaches only the job whose data it was.
    insert: (request, stamp) => refusedDataAsRejection(writes.run({ request, stamp })),
    now,
  })
  const updatePorts = {
    update: async (stamp: UpdateStamp, decide: Decide) => {
      const written = await updateWaitlistRequest(db, stamp, decide, offers.rounds.requestTransaction)
      if (E.isRight(written)) offers.nudge([written.right.request])
      return written
    },
    now,
  }
  const expire = processExpireJob({ expireDue: (at) => expireDueRequests(db, at), now })
  const openSlot = processOpenSlotJob({
    lookupReferences: (opening) => lookupOpeningReferences(db.models, opening),
    findExisting: (id) => findOpening(db, id),
    insert: async (opening) => {
      const stored = await insertOpening(db, opening)
      await offers.rounds.opened(stored.opening.id)
      return stored
    },
    now,
  })

  const logRejection = (
    job: Job<unknown, unknown, string>,
    result: { outcome: string; errors?: ReadonlyArray<FieldError> },
  ) => {
    if (result.outcome === 'rejected')
      logger.info({ ...jobLogFields(job), jobName: job.name, fields: rejectedFields(result.errors) }, 'job rejected')
  }
  /** Runs a decoding processor and logs a rejection; every result leaves encoded by its own codec. */
  const answer =
    <R extends { outcome: string }>(
      process: (data: unknown, job: Job<unknown, WaitlistJobResult, WaitlistJobName>) => Promise<R>,
      encode: (result: R) => WaitlistJobResult,
    ) =>
    async (job: Job<unknown, WaitlistJobResult, WaitlistJobName>): Promise<WaitlistJobResult> => {
      const result = await process(job.data, job)
      logRejection(job, result)
      return encode(result)
    }

  const worker = new Worker<unknown, WaitlistJobResult, WaitlistJobName>(
    QUEUE_NAME,
    dispatchByName<WaitlistJobResult, WaitlistJobName>({
      [CREATE_JOB_NAME]: answer(create, CreateJobResult.encode),
      [CHANGE_JOB_NAME]: answer(
        processChangeJob({
          ...updatePorts,
          lookupReferences: (query, transaction) => lookupCreateReferences(db.models, query, transaction),
        }),
        UpdateJobResult.encode,
      ),
      [CANCEL_JOB_NAME]: answer(processCancelJob(updatePorts), UpdateJobResult.encode),
      [FULFILL_JOB_NAME]: answer(processFulfillJob(updatePorts), UpdateJobResult.encode),
      [EXPIRE_JOB_NAME]: answer(async (data) => {
        const result = await expire(data)
        if (result.outcome === 'swept' && result.expired > 0)
          logger.info({ expired: result.expired }, 'requests expired')
        return result
      }, ExpireJobResult.encode),
      // Judged against the time the job was added, so a retry after the slot began answers as the first attempt.
      [OPEN_SLOT_JOB_NAME]: answer((data, job) => openSlot(data, new Date(job.timestamp)), OpenSlotJobResult.encode),
      [WITHDRAW_OPENING_JOB_NAME]: answer(
        processWithdrawOpeningJob({
          writeStatus: (stamp, decide) => writeOpeningStatus(db, stamp, decide, offers.rounds.openingWithdrawn),
          now,
        }),
        WithdrawOpeningJobResult.encode,
      ),
      [ACCEPT_OFFER_JOB_NAME]: answer(processAcceptOfferJob(offers.accept), AcceptOfferJobResult.encode),
      [DECLINE_OFFER_JOB_NAME]: answer(processDeclineOfferJob(offers.decline), DeclineOfferJobResult.encode),
      [OFFER_ROUND_JOB_NAME]: async (job, token) =>
        RoundJobResult.encode(await processOfferRoundJob(offers.rounds.timerFired)(job, token)),
      [CANDIDATES_APPEARED_JOB_NAME]: answer(
        processCandidatesAppearedJob(offers.rounds.candidatesAppeared),
        RoundJobResult.encode,
      ),
    }),
    workerOptions(settings),
  )
  logJobs(worker, logger, 'job')
  return worker
}

/**
 * The import queue's worker, beside the interactive one in every worker
 * process: its own queue and small concurrency keep a large import from
 * taking the slots that single creates wait on.
 */
export const createImportWorker = (
  settings: WorkerSettings,
): Worker<unknown, ImportJobOutput, typeof IMPORT_JOB_NAME> => {
  const { db, logger } = settings
  const nudge = nudgeOpenings(db, settings.producer, logger)
  const importChunk = processImportJob({
    findStoredIds: (ids) => findStoredIds(db, ids),
    lookupReferences: (queries) => lookupReferencesForMany(db.models, queries),
    insertMany: async (requests) => {
      const written = await refusedDataAsRejection(insertWaitlistRequests(db, requests))
      if (E.isRight(written)) nudge(requests.map(({ request }) => ({ ...request, status: 'ACTIVE' })))
      return written
    },
    now: () => new Date(),
  })
  const worker = new Worker<unknown, ImportJobOutput, typeof IMPORT_JOB_NAME>(
    IMPORT_QUEUE_NAME,
    dispatchByName<ImportJobOutput, typeof IMPORT_JOB_NAME>({
      [IMPORT_JOB_NAME]: async (job) => {
        const result = await importChunk(job.data)
        if (result.outcome === 'rejected')
          logger.info({ ...jobLogFields(job), fields: rejectedFields(result.errors) }, 'import chunk rejected whole')
        return ImportJobResult.encode(result)
      },
    }),
    workerOptions(settings),
  )
  logJobs(worker, logger, 'import chunk')
  return worker
}
