import { Queue } from 'bullmq'
import type { Sequelize } from 'sequelize'
import type { DestinationStream } from 'pino'
import * as E from 'fp-ts/Either'
import type { Config } from '../../shared/config/config'
import { QUEUE_NAME } from '../../shared/queue/waitlist-queue'
import { openDatabase, type Database } from '../../worker/db/connection'
import { dropDatabase } from '../../worker/db/database-lifecycle'
import { seedReferenceData } from '../../worker/seed/seed-reference-data'
import { migrateDatabase } from '../../worker/db/migrate'
import { startIngress, type RunningIngress } from '../../ingress/main'
import { startWorker } from '../../worker/main'
import { createLogger, loadConfig, type Stoppable } from '../../scripts/runtime'
import { redisConnection } from '../../scripts/redis-connection'
import { fixtures } from './fixtures'
import { recordOffers } from './offer-recorder'
import type { OfferOverrides } from '../../worker/offers/offer-services'

export interface TestStack {
  readonly config: Config
  readonly baseUrl: string
  /** The test's own database handle (its own pool), for seeding and for looking at what the service wrote. */
  readonly db: Database
  readonly sequelize: Sequelize
  /** A producer on the service's queue, for jobs that come without HTTP. */
  readonly queue: Queue
  readonly ingress: RunningIngress
  readonly stop: () => Promise<void>
}

/**
 * The real service in this process: a fresh database with the fixtures, one
 * worker and the ingress on a free port, on this run's own queue prefix.
 * Their log lines go to `logTo` when a test reads them, else to stdout.
 */
export const startStack = async (
  overrides: Partial<Config> = {},
  options: { readonly worker?: boolean; readonly logTo?: DestinationStream; readonly offers?: OfferOverrides } = {},
): Promise<TestStack> => {
  const config = { ...loadConfig(), PORT: 0, HOST: '127.0.0.1', ...overrides }
  const logger = createLogger(config, 'test', options.logTo)
  // Every stack starts from the migrations alone.
  await dropDatabase(config.DATABASE_URL)
  await migrateDatabase(config, logger)
  const db = openDatabase(config.DATABASE_URL, { poolMax: 3 })
  const { sequelize } = db
  const seeded = await seedReferenceData(db, fixtures)
  if (E.isLeft(seeded)) throw new Error(`fixtures refused: ${JSON.stringify(seeded.left)}`)
  const parts: Stoppable[] = []
  // Without a worker here, jobs wait for workers the test runs as processes of their own.
  const worker =
    options.worker === false ? undefined : await startWorker(config, logger, options.offers ?? recordOffers().ports)
  const ingress = await startIngress(config, logger)
  parts.push(ingress, ...(worker === undefined ? [] : [worker]))
  const queueConnection = redisConnection(config, 'blocking', logger)
  const queue = new Queue(QUEUE_NAME, { connection: queueConnection, prefix: config.QUEUE_PREFIX })
  return {
    config,
    baseUrl: `http://127.0.0.1:${ingress.port}`,
    db,
    sequelize,
    queue,
    ingress,
    stop: async () => {
      for (const part of parts) await part.stop()
      await queue.close()
      await queueConnection.quit()
      await sequelize.close()
    },
  }
}

export interface ApiAnswer {
  readonly status: number
  readonly headers: Headers
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read JSON answers freely and assert on them
  readonly body: any
  readonly text: string
}

/** Sends one request; `body` is JSON-encoded unless it is already a string. */
export const call = async (
  stack: Pick<TestStack, 'baseUrl'>,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiAnswer> => {
  const headers: Record<string, string> = {
    ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
  }
  if (options.token !== undefined) headers['Authorization'] = `Bearer ${options.token}`
  const response = await fetch(`${stack.baseUrl}${path}`, {
    method,
    headers: { ...headers, ...options.headers },
    ...(options.body === undefined
      ? {}
      : { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
  })
  const text = await response.text()
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    body = undefined
  }
  return { status: response.status, headers: response.headers, body, text }
}

export const CREATE_PATH = '/apis/v1/waitlist-requests'

export const createRequest = (
  stack: Pick<TestStack, 'baseUrl'>,
  token: string,
  body: unknown,
  query = '',
): Promise<ApiAnswer> => call(stack, 'POST', `${CREATE_PATH}${query}`, { token, body })
