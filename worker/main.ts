import { Queue } from 'bullmq'
import type { Logger } from 'pino'
import { EVENTS_QUEUE_NAME, QUEUE_NAME } from '../shared/queue/waitlist-queue'
import type { Config } from '../shared/config/config'
import { createLogger, isMain, loadConfig, stopOnSignals, type Stoppable } from '../scripts/runtime'
import { redisConnection } from '../scripts/redis-connection'
import { openDatabase } from './db/connection'
import { createImportWorker, createWorker, type WorkerSettings } from './create-worker'
import { scheduleExpirySweep } from './expiry/schedule-expiry-sweep'
import { createEventWorker } from './create-event-worker'
import { scheduleOutboxSweep } from './outbox/schedule-outbox-sweep'
import { offerPorts, type OfferOverrides } from './offers/offer-services'
import { Registry } from 'prom-client'
import { processRegistry } from '../scripts/process-metrics'
import { startWorkerMetrics } from './metrics/worker-metrics'

/**
 * A worker process: run as many as the load needs, each with WORKER_CONCURRENCY jobs at once, on a database pool
 * of its own. On stop it takes no new job, finishes the ones in hand, then closes its pool and Redis. Offer events
 * go to the outbox and on to each organization's webhook; a test may give short policies and watch the events.
 */
export const startWorker = async (
  config: Config,
  logger: Logger,
  overrides: OfferOverrides = {},
  registry: Registry = new Registry(),
): Promise<Stoppable> => {
  const db = openDatabase(config.DATABASE_URL, { poolMax: Math.min(config.WORKER_CONCURRENCY, 20) })
  const connection = redisConnection(config, 'blocking', logger)
  // The jobs a worker adds itself (offer timers, nudges, deliveries) go through a connection of their own: the
  // worker's blocks.
  const producerConnection = redisConnection(config, 'blocking', logger)
  const producer = new Queue(QUEUE_NAME, { connection: producerConnection, prefix: config.QUEUE_PREFIX })
  const events = new Queue(EVENTS_QUEUE_NAME, { connection: producerConnection, prefix: config.QUEUE_PREFIX })
  const settings: WorkerSettings = {
    connection,
    prefix: config.QUEUE_PREFIX,
    producer,
    events,
    offers: offerPorts({ db, events, logger, config, overrides }),
    db,
    logger,
    concurrency: config.WORKER_CONCURRENCY,
    lockDurationMs: config.WORKER_LOCK_DURATION_MS,
    stalledIntervalMs: config.WORKER_STALLED_INTERVAL_MS,
  }
  const worker = createWorker(settings)
  const importWorker = createImportWorker({ ...settings, concurrency: config.IMPORT_CONCURRENCY })
  const eventWorker = createEventWorker({
    ...settings,
    concurrency: config.WEBHOOK_CONCURRENCY,
    webhookTimeoutMs: config.WEBHOOK_TIMEOUT_MS,
  })
  const metrics = await startWorkerMetrics(config, registry, logger, [worker, importWorker, eventWorker])
  worker.run().catch((error: unknown) => logger.fatal({ err: error }, 'worker stopped running'))
  importWorker.run().catch((error: unknown) => logger.fatal({ err: error }, 'import worker stopped running'))
  eventWorker.run().catch((error: unknown) => logger.fatal({ err: error }, 'event worker stopped running'))
  await Promise.all([worker.waitUntilReady(), importWorker.waitUntilReady(), eventWorker.waitUntilReady()])
  await scheduleExpirySweep({ connection, prefix: config.QUEUE_PREFIX, everyMs: config.EXPIRY_SWEEP_INTERVAL_MS })
  await scheduleOutboxSweep({ connection, prefix: config.QUEUE_PREFIX, everyMs: config.OUTBOX_SWEEP_INTERVAL_MS })
  logger.info(
    { concurrency: config.WORKER_CONCURRENCY, importConcurrency: config.IMPORT_CONCURRENCY },
    'worker running',
  )
  return {
    stop: async () => {
      // Waits for the jobs in hand to finish; none is taken after this starts.
      await Promise.all([worker.close(), importWorker.close(), eventWorker.close()])
      logger.info('worker finished its last job')
      await metrics.stop()
      await Promise.all([producer.close(), events.close()])
      await Promise.allSettled([db.sequelize.close(), connection.quit(), producerConnection.quit()])
    },
  }
}

if (isMain(module)) {
  const config = loadConfig()
  const logger = createLogger(config, 'worker')
  startWorker(config, logger, {}, processRegistry()).then(
    (worker) => stopOnSignals([worker], logger, config.SHUTDOWN_TIMEOUT_MS),
    (error: unknown) => {
      logger.fatal({ err: error }, 'worker failed to start')
      process.exit(1)
    },
  )
}
