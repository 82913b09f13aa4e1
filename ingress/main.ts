import { once } from 'node:events'
import { setTimeout } from 'node:timers/promises'
import type { AddressInfo } from 'node:net'
import type { Logger } from 'pino'
import type { Config } from '../shared/config/config'
import { openDatabase } from '../worker/db/connection'
import { createLogger, isMain, loadConfig, stopOnSignals, type Stoppable } from '../scripts/runtime'
import { redisConnection } from '../scripts/redis-connection'
import { createApp } from './app'
import { tokenVerifier } from './auth/verify-token'
import { verificationKey } from './auth/verification-key'
import { answerClientErrors } from './http/client-error'
import { draining } from './http/graceful-server'
import { createJobClient, type JobClient } from './queue/job-client'
import { redisIdempotencyStore } from './idempotency/idempotency-store'
import { createReadModel } from './read-model/read-model'
import { createOpeningReadModel } from './read-model/opening-reads'
import { createOfferReadModel } from './read-model/offer-reads'
import { findLinkedOffer } from './offer-page/offer-page-reads'
import { Registry } from 'prom-client'
import { processRegistry } from '../scripts/process-metrics'
import { apiOperations } from './operations'
import { createQueueDashboard } from './admin/queue-dashboard'
import { adminSessions } from './admin/admin-session'

export interface RunningIngress extends Stoppable {
  readonly port: number
  readonly jobStats: JobClient['stats']
}

/**
 * The HTTP API, on a database pool of its own (reads only: writes go through the queue). On stop it takes no new
 * connection, answers every request it holds, then closes its job client, Redis and pool, in that order.
 */
export const startIngress = async (
  config: Config,
  logger: Logger,
  registry: Registry = new Registry(),
): Promise<RunningIngress> => {
  const db = openDatabase(config.DATABASE_URL, { poolMax: 5 })
  const producer = redisConnection(config, 'producer', logger)
  const events = redisConnection(config, 'blocking', logger)
  const jobs = createJobClient({
    queueConnection: producer,
    eventsConnection: events,
    prefix: config.QUEUE_PREFIX,
    waitTimeoutMs: config.JOB_WAIT_TIMEOUT_MS,
    enqueueTimeoutMs: config.DEPENDENCY_TIMEOUT_MS,
  })
  const drain = draining()
  const operations = apiOperations(config, { registry, db, redis: producer, logger })
  const verifyToken = tokenVerifier(verificationKey(config))
  const queueDashboard =
    config.ADMIN_SESSION_SECRET === undefined
      ? undefined
      : createQueueDashboard({
          sessions: adminSessions(config.ADMIN_SESSION_SECRET, config.ADMIN_SESSION_TTL_SECONDS),
          verifyToken,
          publicBaseUrl: config.PUBLIC_BASE_URL,
          logger,
          connection: producer,
          prefix: config.QUEUE_PREFIX,
        })
  const app = createApp({
    ...operations.app,
    logger,
    verifyToken,
    jobs,
    idempotency: redisIdempotencyStore(producer, config.QUEUE_PREFIX, config.DEPENDENCY_TIMEOUT_MS),
    reads: createReadModel(db),
    openings: createOpeningReadModel(db),
    offers: createOfferReadModel(db, { publicBaseUrl: config.PUBLIC_BASE_URL, secret: config.OFFER_LINK_SECRET }),
    offerPage: {
      linkSecret: config.OFFER_LINK_SECRET,
      publicBaseUrl: config.PUBLIC_BASE_URL,
      findLinkedOffer: findLinkedOffer(db),
    },
    dependencyChecks: {
      postgres: async () => {
        await db.sequelize.query('SELECT 1')
      },
      redis: async () => {
        await producer.ping()
      },
    },
    dependencyTimeoutMs: config.DEPENDENCY_TIMEOUT_MS,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    draining: drain.middleware,
    queueDashboard,
  })
  // Requests fail fast while Redis is not connected, so give it a moment before the first one; if it is
  // down, the API starts all the same and says so (503, /readyz) until it is back.
  await Promise.race([once(producer, 'ready'), setTimeout(config.DEPENDENCY_TIMEOUT_MS)])
  const server = app.listen(config.PORT, config.HOST)
  answerClientErrors(server, logger)
  await once(server, 'listening')
  const port = (server.address() as AddressInfo).port
  logger.info({ host: config.HOST, port }, 'ingress listening')
  return {
    port,
    jobStats: jobs.stats,
    stop: async () => {
      await drain.drain(server)
      logger.info('ingress answered its last request')
      await jobs.close()
      await operations.close()
      await queueDashboard?.close()
      await Promise.allSettled([db.sequelize.close(), producer.quit(), events.quit()])
    },
  }
}

if (isMain(module)) {
  const config = loadConfig()
  const logger = createLogger(config, 'ingress')
  startIngress(config, logger, processRegistry()).then(
    (ingress) => stopOnSignals([ingress], logger, config.SHUTDOWN_TIMEOUT_MS),
    (error: unknown) => {
      logger.fatal({ err: error }, 'ingress failed to start')
      process.exit(1)
    },
  )
}
