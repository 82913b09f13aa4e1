import { UnrecoverableError, Worker, type ConnectionOptions, type Job } from 'bullmq'
import type { Logger } from 'pino'
import type { Sequelize } from 'sequelize'
import { QUEUE_NAME } from '../shared/queue/waitlist-queue'
import { CREATE_JOB_NAME, CreateJobResult } from '../shared/queue/create-waitlist-request-job'
import { processCreateJob } from './processors/create-waitlist-request'
import { lookupCreateReferences } from './reference-data/reference-data-repository'
import { findWaitlistRequest, insertWaitlistRequest } from './waitlist-requests/waitlist-request-repository'

type ResultOutput = ReturnType<typeof CreateJobResult.encode>

export const createWorker = (deps: {
  readonly connection: ConnectionOptions
  readonly prefix: string
  readonly sequelize: Sequelize
  readonly logger: Logger
  readonly concurrency: number
}): Worker<unknown, ResultOutput, string> => {
  const create = processCreateJob({
    findExisting: (id) => findWaitlistRequest(id),
    lookupReferences: lookupCreateReferences,
    insert: (request, stamp) => insertWaitlistRequest(deps.sequelize, request, stamp),
    now: () => new Date(),
  })

  const worker = new Worker<unknown, ResultOutput, string>(
    QUEUE_NAME,
    async (job: Job<unknown, ResultOutput, string>) => {
      // A name we do not handle is a producer's mistake: fail it once, visibly, without retries.
      if (job.name !== CREATE_JOB_NAME) throw new UnrecoverableError(`no processor for job name ${job.name}`)
      const result = await create(job.data)
      if (result.outcome === 'rejected') deps.logger.info({ jobId: job.id, errors: result.errors }, 'create rejected')
      return CreateJobResult.encode(result)
    },
    { connection: deps.connection, prefix: deps.prefix, concurrency: deps.concurrency, autorun: false },
  )
  worker.on('failed', (job, error) => {
    deps.logger.error({ jobId: job?.id, attemptsMade: job?.attemptsMade, err: error }, 'job attempt failed')
  })
  worker.on('error', (error) => deps.logger.error({ err: error }, 'worker error'))
  return worker
}
