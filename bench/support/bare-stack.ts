import { randomUUID } from 'node:crypto'
import { once } from 'node:events'
import Koa from 'koa'
import Router from '@koa/router'
import { Worker } from 'bullmq'
import * as t from 'io-ts'
import { Pool } from 'pg'
import { QUEUE_NAME } from '../../shared/queue/waitlist-queue'
import { createJobClient } from '../../ingress/queue/job-client'
import { createLogger, isMain, loadConfig, stopOnSignals } from '../../scripts/runtime'
import { redisConnection } from '../../scripts/redis-connection'

/**
 * Ceiling (b) of `npm run bench`: the service's plumbing with nothing of the
 * service in it. The ingress role takes any POST, adds a job through the real
 * JobClient (one QueueEvents, the JobWaiter, the same job options) and waits
 * for its result; the worker role is a BullMQ Worker with the service's
 * concurrency whose job is one trivial insert. No auth, no body decoding, no
 * rules, no reference data. Run as two processes, as the service is.
 */
const BARE_JOB_NAME = 'bench-bare-insert'
export const BARE_TABLE = 'bench_bare_inserts'
export const BARE_PATH = '/bare'

const BareResult = t.type({ id: t.string })

const startIngress = async () => {
  const config = loadConfig()
  const logger = createLogger(config, 'bench-bare-ingress')
  const producer = redisConnection(config, 'producer', logger)
  const events = redisConnection(config, 'blocking', logger)
  const jobs = createJobClient({
    queueConnection: producer,
    eventsConnection: events,
    prefix: config.QUEUE_PREFIX,
    waitTimeoutMs: config.JOB_WAIT_TIMEOUT_MS,
    enqueueTimeoutMs: config.DEPENDENCY_TIMEOUT_MS,
  })
  const router = new Router()
  router.get('/readyz', (ctx) => {
    ctx.body = 'ok'
  })
  router.post(BARE_PATH, async (ctx) => {
    const id = randomUUID()
    const outcome = await jobs.run({ name: BARE_JOB_NAME, jobId: `bare-${id}`, data: { id }, result: BareResult })
    ctx.status = outcome.kind === 'finished' ? 201 : 202
    ctx.body = { id }
  })
  const app = new Koa()
  app.use(router.routes())
  await once(producer, 'ready')
  const server = app.listen(config.PORT, config.HOST)
  await once(server, 'listening')
  stopOnSignals(
    [
      {
        stop: async () => {
          await new Promise<void>((resolve) => server.close(() => resolve()))
          await jobs.close()
          await Promise.allSettled([producer.quit(), events.quit()])
        },
      },
    ],
    logger,
    config.SHUTDOWN_TIMEOUT_MS,
  )
}

const startWorker = async () => {
  const config = loadConfig()
  const logger = createLogger(config, 'bench-bare-worker')
  const pool = new Pool({ connectionString: config.DATABASE_URL, max: Math.min(config.WORKER_CONCURRENCY, 20) })
  const connection = redisConnection(config, 'blocking', logger)
  const worker = new Worker<{ id: string }, t.TypeOf<typeof BareResult>, string>(
    QUEUE_NAME,
    async (job) => {
      await pool.query(`INSERT INTO ${BARE_TABLE} (id) VALUES ($1) ON CONFLICT DO NOTHING`, [job.data.id])
      return { id: job.data.id }
    },
    { connection, prefix: config.QUEUE_PREFIX, concurrency: config.WORKER_CONCURRENCY },
  )
  await worker.waitUntilReady()
  stopOnSignals(
    [
      {
        stop: async () => {
          await worker.close()
          await Promise.allSettled([pool.end(), connection.quit()])
        },
      },
    ],
    logger,
    config.SHUTDOWN_TIMEOUT_MS,
  )
}

if (isMain(module)) {
  const role = process.argv[2]
  const start = role === 'ingress' ? startIngress : role === 'worker' ? startWorker : undefined
  if (start === undefined) {
    process.stderr.write('usage: bare-stack.js ingress|worker\n')
    process.exit(2)
  }
  start().catch((error: unknown) => {
    process.stderr.write(`bare ${role} failed: ${String(error)}\n`)
    process.exit(1)
  })
}
