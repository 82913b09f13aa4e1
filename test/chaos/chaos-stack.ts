import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import * as E from 'fp-ts/Either'
import { decodeConfig } from '../../shared/config/config'
import { openDatabase } from '../../worker/db/connection'
import { ensureDatabase } from '../../worker/db/database-lifecycle'
import { migrateDatabase } from '../../worker/db/migrate'
import { seedReferenceData } from '../../worker/seed/seed-reference-data'
import { createLogger } from '../../scripts/runtime'
import { freePort } from '../support/free-port'
import { startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres'
import { startPrivateRedis, type PrivateRedis } from '../support/private-redis'
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy'
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver'
import { supervise, type Supervisor } from './supervisor'
import { referenceData } from './world'

const DATABASE = 'waitlist_chaos'
export const QUEUE_PREFIX = '{waitlist-chaos}'
/** Short locks, so a stalled worker's jobs move to another within seconds rather than the production 30. */
const LOCK_MS = 3_000
const STALLED_CHECK_MS = 1_000

export interface ChaosStack {
  readonly redis: PrivateRedis
  readonly postgres: PrivatePostgres
  readonly relay: TcpProxy
  readonly receiver: WebhookReceiver
  readonly supervisor: Supervisor
  readonly apiUrls: ReadonlyArray<string>
  /** The database as the run reads it at the end: directly, not through the relay the faults cut. */
  readonly databaseUrl: string
  /** What every process of the service is given, and the import command too. */
  readonly env: NodeJS.ProcessEnv
  readonly jwtSecret: string
  /** Long enough for a stopped worker to lose its lock and another to take its jobs. */
  readonly stallMs: number
  readonly stop: () => Promise<void>
}

/** The run's database, migrated and seeded as `npm run db:migrate` and `db:seed` would. */
const prepareDatabase = async (env: NodeJS.ProcessEnv, databaseUrl: string, seed: unknown): Promise<void> => {
  await ensureDatabase(databaseUrl)
  const config = decodeConfig({ ...env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' })
  if (E.isLeft(config)) throw new Error(config.left)
  await migrateDatabase(config.right, createLogger(config.right, 'chaos'))
  const db = openDatabase(databaseUrl, { poolMax: 1 })
  try {
    const seeded = await seedReferenceData(db, seed)
    if (E.isLeft(seeded)) throw new Error(`chaos reference data refused: ${JSON.stringify(seeded.left)}`)
  } finally {
    await db.sequelize.close()
  }
}

/**
 * Everything of the run's own: a Redis persisting every write (append-only, fsync always), a PostgreSQL cluster
 * behind a relay that can be cut, a webhook receiver, the database migrated and seeded, and two API processes and
 * two workers under a supervisor, in production mode. Nothing touches the machine's shared servers.
 */
export const startChaosStack = async (out: string, seed: number): Promise<ChaosStack> => {
  const logs = join(out, 'logs')
  await mkdir(logs, { recursive: true })
  const redis = await startPrivateRedis()
  const postgres = await startPrivatePostgres()
  const relay = await startTcpProxy(postgres.port)
  const receiver = await startWebhookReceiver()
  const jwtSecret = `chaos-jwt-secret-${seed}-${Date.now()}`
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    DATABASE_URL: `postgres://postgres@127.0.0.1:${relay.port}/${DATABASE}`,
    REDIS_URL: redis.url,
    QUEUE_PREFIX,
    JWT_SECRET: jwtSecret,
    OFFER_LINK_SECRET: `chaos-offer-link-secret-${seed}-0123456789`,
    LOG_LEVEL: 'info',
    JOB_WAIT_TIMEOUT_MS: '3000',
    WORKER_LOCK_DURATION_MS: String(LOCK_MS),
    WORKER_STALLED_INTERVAL_MS: String(STALLED_CHECK_MS),
    OUTBOX_SWEEP_INTERVAL_MS: '2000',
    SHUTDOWN_TIMEOUT_MS: '10000',
    WORKER_METRICS_PORT: '0',
    RATE_LIMIT_PER_USER_PER_MINUTE: '10000000',
    RATE_LIMIT_PER_IP_PER_MINUTE: '10000000',
  }
  const databaseUrl = postgres.urlFor(DATABASE)
  const servers = async () => {
    await receiver.stop()
    await relay.close()
    await postgres.stop()
    await redis.stop()
  }
  try {
    await prepareDatabase(env, databaseUrl, referenceData(receiver.url, `chaos-webhook-secret-${seed}`))
  } catch (error) {
    // pg_ctl's server outlives this process: a run that cannot start must not leave it behind.
    await servers()
    throw error
  }
  const ports = [await freePort(), await freePort()]
  const supervisor = supervise(
    [
      ...ports.map((port, i) => ({ name: `api-${i + 1}`, kind: 'api' as const, env: { ...env, PORT: String(port) } })),
      ...[1, 2].map((n) => ({ name: `worker-${n}`, kind: 'worker' as const, env })),
    ],
    logs,
  )
  return {
    redis,
    postgres,
    relay,
    receiver,
    supervisor,
    apiUrls: ports.map((port) => `http://127.0.0.1:${port}`),
    databaseUrl,
    env,
    jwtSecret,
    stallMs: LOCK_MS + STALLED_CHECK_MS + 2_000,
    stop: async () => {
      await supervisor.stop()
      await servers()
    },
  }
}
