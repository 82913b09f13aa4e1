import { once } from 'node:events'
import { setTimeout } from 'node:timers/promises'
import type { AddressInfo } from 'node:net'
import type { Logger } from 'pino'
import type { Config } from '../shared/config/config'
import { createApp } from '../ingress/app'
import { tokenVerifier } from '../ingress/auth/verify-token'
import { verificationKey } from '../ingress/auth/verification-key'
import { createJobClient, type JobClient } from '../ingress/queue/job-client'
import { redisIdempotencyStore } from '../ingress/idempotency/idempotency-store'
import { connectDatabase } from '../worker/db/connection'
import { findStoredWaitlistRequest } from '../worker/waitlist-requests/waitlist-request-repository'
import { listWaitlistRequests } from '../worker/waitlist-requests/list-waitlist-requests'
import { findHistory } from '../worker/waitlist-requests/history-repository'
import { lookupListReferences } from '../worker/reference-data/list-references'
import { createLogger, isMain, loadConfig, redisConnection, stopOnSignals, type Stoppable } from './runtime'

export interface RunningIngress extends Stoppable {
  readonly port: number
  readonly jobStats: JobClient['stats']
}

/** The HTTP API: listens, and on stop finishes in-flight requests before closing its connections. */
export const startIngress = async (config: Config, logger: Logger): Promise<RunningIngress> => {
  const sequelize = connectDatabase(config.DATABASE_URL, { poolMax: 5 })
  const producer = redisConnection(config.REDIS_URL, 'producer', logger)
  const events = redisConnection(config.REDIS_URL, 'blocking', logger)
  const jobs = createJobClient({
    queueConnection: producer,
    eventsConnection: events,
    prefix: config.QUEUE_PREFIX,
    waitTimeoutMs: config.JOB_WAIT_TIMEOUT_MS,
    enqueueTimeoutMs: config.DEPENDENCY_TIMEOUT_MS,
  })
  const app = createApp({
    logger,
    verifyToken: tokenVerifier(verificationKey(config)),
    jobs,
    idempotency: redisIdempotencyStore(producer, config.QUEUE_PREFIX, config.DEPENDENCY_TIMEOUT_MS),
    findRequest: (id) => findStoredWaitlistRequest(id),
    waitlistReads: {
      lookupReferences: lookupListReferences(sequelize),
      list: listWaitlistRequests(sequelize),
      findHistory,
    },
    dependencyChecks: {
      postgres: async () => {
        await sequelize.query('SELECT 1')
      },
      redis: async () => {
        await producer.ping()
      },
    },
    dependencyTimeoutMs: config.DEPENDENCY_TIMEOUT_MS,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
  })
  // Requests fail fast while Redis is not connected, so give it a moment before the first one; if it is
  // down, the API starts all the same and says so (503, /readyz) until it is back.
  await Promise.race([once(producer, 'ready'), setTimeout(config.DEPENDENCY_TIMEOUT_MS)])
  const server = app.listen(config.PORT, config.HOST)
  await once(server, 'listening')
  const port = (server.address() as AddressInfo).port
  logger.info({ host: config.HOST, port }, 'ingress listening')
  return {
    port,
    jobStats: jobs.stats,
    stop: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeIdleConnections()
      await closed
      await jobs.close()
      await Promise.allSettled([sequelize.close(), producer.quit(), events.quit()])
    },
  }
}

if (isMain(module)) {
  const config = loadConfig()
  const logger = createLogger(config, 'ingress')
  startIngress(config, logger).then(
    (ingress) => stopOnSignals([ingress], logger, config.SHUTDOWN_TIMEOUT_MS),
    (error: unknown) => {
      logger.fatal({ err: error }, 'ingress failed to start')
      process.exit(1)
    },
  )
}
