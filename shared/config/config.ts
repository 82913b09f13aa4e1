import * as t from 'io-ts'
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import { withDefault } from '../codecs/optional'
import { fromDecodeErrors } from '../errors/field-error'
import { DEFAULT_QUEUE_PREFIX } from '../queue/waitlist-queue'
import { RedisClusterNodes } from './redis-cluster-nodes'

const integerFromString = (name: string, min: number, max: number) =>
  new t.Type<number, string, unknown>(
    name,
    (u): u is number => typeof u === 'number',
    (u, c) => {
      const n = typeof u === 'string' && /^\d+$/.test(u.trim()) ? Number(u) : NaN
      return Number.isInteger(n) && n >= min && n <= max
        ? t.success(n)
        : t.failure(u, c, `${name} must be an integer from ${min} to ${max}`)
    },
    String,
  )

const NonBlank = t.refinement(t.string, (s) => s.trim().length > 0, 'NonBlank')
const optionalString = withDefault(NonBlank, undefined)

/** A hash tag (`{…}`), so a queue's keys stay on one Redis Cluster slot. */
const QueuePrefix = t.refinement(t.string, (s) => /^\{[\w.:-]+\}$/.test(s), 'QueuePrefix')

const PublicBaseUrl = t.refinement(
  t.string,
  (s) => URL.canParse(s) && /^https?:$/.test(new URL(s).protocol),
  'PublicBaseUrl',
)

const LinkSecret = t.refinement(t.string, (s) => s.length >= 32, 'OFFER_LINK_SECRET of at least 32 characters')
const SessionSecret = t.refinement(t.string, (s) => s.length >= 32, 'ADMIN_SESSION_SECRET of at least 32 characters')

const NodeEnv = withDefault(t.keyof({ production: null, development: null, test: null }), 'development')

const LogLevel = withDefault(
  t.keyof({ fatal: null, error: null, warn: null, info: null, debug: null, trace: null, silent: null }),
  'info',
)

/**
 * The service's settings, read from the environment at the edges and decoded
 * here, so a typo in a variable stops the process with a message instead of
 * running with a surprise.
 */
const Environment = t.type({
  NODE_ENV: NodeEnv,
  PORT: withDefault(integerFromString('PORT', 0, 65535), 3000),
  HOST: withDefault(NonBlank, '127.0.0.1'),
  DATABASE_URL: withDefault(NonBlank, 'postgres://postgres@127.0.0.1:5432/waitlist'),
  REDIS_URL: withDefault(NonBlank, 'redis://127.0.0.1:6379/0'),
  // A Redis Cluster's seeds; when set, every connection goes to the cluster and REDIS_URL is not used.
  REDIS_CLUSTER_NODES: withDefault(RedisClusterNodes, undefined),
  QUEUE_PREFIX: withDefault(QueuePrefix, DEFAULT_QUEUE_PREFIX),
  JWT_SECRET: optionalString,
  JWT_PUBLIC_KEY: optionalString,
  JWT_ISSUER: optionalString,
  JWT_AUDIENCE: optionalString,
  // The longest a token may live (exp − iat): a leaked token is of use for that long at most, whatever its exp says.
  JWT_MAX_LIFETIME_SECONDS: withDefault(integerFromString('JWT_MAX_LIFETIME_SECONDS', 60, 31_536_000), 86_400),
  WORKER_CONCURRENCY: withDefault(integerFromString('WORKER_CONCURRENCY', 1, 1000), 32),
  // Import chunks at once per worker process: each is hundreds of rows, so a few keep the database busy, and more would take the slots and connections single creates need.
  IMPORT_CONCURRENCY: withDefault(integerFromString('IMPORT_CONCURRENCY', 1, 100), 2),
  // How soon a job held by a dead worker is noticed and handed to another (BullMQ's stall detection).
  WORKER_LOCK_DURATION_MS: withDefault(integerFromString('WORKER_LOCK_DURATION_MS', 1_000, 600_000), 30_000),
  WORKER_STALLED_INTERVAL_MS: withDefault(integerFromString('WORKER_STALLED_INTERVAL_MS', 500, 600_000), 30_000),
  // How long Redis or PostgreSQL may take to answer the API before it gives up: a 503 for a create, "down" on /readyz.
  DEPENDENCY_TIMEOUT_MS: withDefault(integerFromString('DEPENDENCY_TIMEOUT_MS', 50, 60_000), 1_000),
  JOB_WAIT_TIMEOUT_MS: withDefault(integerFromString('JOB_WAIT_TIMEOUT_MS', 100, 300_000), 10_000),
  BODY_LIMIT_BYTES: withDefault(integerFromString('BODY_LIMIT_BYTES', 1024, 10 * 1024 * 1024), 64 * 1024),
  SHUTDOWN_TIMEOUT_MS: withDefault(integerFromString('SHUTDOWN_TIMEOUT_MS', 0, 600_000), 30_000),
  // How often the expiry sweep runs; 0: this worker does not schedule it (another may).
  EXPIRY_SWEEP_INTERVAL_MS: withDefault(integerFromString('EXPIRY_SWEEP_INTERVAL_MS', 0, 86_400_000), 300_000),
  // How long a webhook receiver may take to answer one delivery before the attempt counts as failed (docs/webhooks.md).
  WEBHOOK_TIMEOUT_MS: withDefault(integerFromString('WEBHOOK_TIMEOUT_MS', 100, 60_000), 10_000),
  // Webhook deliveries at once per worker process, on a queue of their own.
  WEBHOOK_CONCURRENCY: withDefault(integerFromString('WEBHOOK_CONCURRENCY', 1, 100), 8),
  // How often the outbox sweep enqueues events still undelivered that long after they were written; 0: this worker does not schedule it (another may).
  OUTBOX_SWEEP_INTERVAL_MS: withDefault(integerFromString('OUTBOX_SWEEP_INTERVAL_MS', 0, 3_600_000), 60_000),
  LOG_LEVEL: LogLevel,
  // Where a worker process serves its own /metrics (the API serves its at its own port); 0: none.
  WORKER_METRICS_PORT: withDefault(integerFromString('WORKER_METRICS_PORT', 0, 65535), 9464),
  // When set, /metrics answers only to `Authorization: Bearer <METRICS_TOKEN>`.
  METRICS_TOKEN: optionalString,
  // Requests a minute one caller (a token's sub, role and organization or patient) may send; 0: no limit.
  RATE_LIMIT_PER_USER_PER_MINUTE: withDefault(integerFromString('RATE_LIMIT_PER_USER_PER_MINUTE', 0, 10_000_000), 600),
  // Requests a minute from one client address, whoever sends them; 0: no limit.
  RATE_LIMIT_PER_IP_PER_MINUTE: withDefault(integerFromString('RATE_LIMIT_PER_IP_PER_MINUTE', 0, 10_000_000), 6000),
  // Proxies in front of the API that append to X-Forwarded-For; 0: the client's address is the connection's own.
  TRUSTED_PROXY_HOPS: withDefault(integerFromString('TRUSTED_PROXY_HOPS', 0, 10), 0),
  // The address patients reach the service at, for the links in offers (docs/offer-page.md); default: HOST and PORT.
  PUBLIC_BASE_URL: withDefault(PublicBaseUrl, undefined),
  // Keys the offer links' tokens; every API and worker process of one deployment needs the same value.
  OFFER_LINK_SECRET: withDefault(LinkSecret, undefined),
  // Signs the queue dashboard's admin sessions (docs/permissions.md#the-queue-dashboard); every API process the same.
  ADMIN_SESSION_SECRET: withDefault(SessionSecret, undefined),
  // How long an admin session of the queue dashboard lasts: short, as its cookie opens every organization's queues.
  ADMIN_SESSION_TTL_SECONDS: withDefault(integerFromString('ADMIN_SESSION_TTL_SECONDS', 60, 3600), 900),
})

// Known to anyone who reads this file: good for a laptop, refused in production.
const DEVELOPMENT_LINK_SECRET = 'development-only-offer-link-secret-do-not-deploy'
const DEVELOPMENT_SESSION_SECRET = 'development-only-admin-session-secret-do-not-deploy'

type Decoded = t.TypeOf<typeof Environment>

export type Config = Omit<Decoded, 'PUBLIC_BASE_URL' | 'OFFER_LINK_SECRET'> & {
  readonly PUBLIC_BASE_URL: string
  readonly OFFER_LINK_SECRET: string
}

const completed = (config: Decoded): Config => ({
  ...config,
  PUBLIC_BASE_URL:
    config.PUBLIC_BASE_URL ?? `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${config.PORT}`,
  OFFER_LINK_SECRET: config.OFFER_LINK_SECRET ?? DEVELOPMENT_LINK_SECRET,
  // Without a secret of its own, production has no dashboard rather than one anybody could sign sessions for.
  ADMIN_SESSION_SECRET:
    config.ADMIN_SESSION_SECRET ?? (config.NODE_ENV === 'production' ? undefined : DEVELOPMENT_SESSION_SECRET),
})

export const decodeConfig = (env: Record<string, string | undefined>): E.Either<string, Config> =>
  pipe(
    Environment.decode(
      // An empty variable (`JWT_SECRET=`) means unset, as in most shells' eyes.
      Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== '')),
    ),
    E.mapLeft((errors) =>
      fromDecodeErrors(errors)
        .map((error) => (error.message.endsWith('is invalid') ? `${error.field} has an unusable value` : error.message))
        .join('; '),
    ),
    E.chain((config) =>
      config.NODE_ENV === 'production' && config.JWT_SECRET === undefined && config.JWT_PUBLIC_KEY === undefined
        ? E.left('JWT_SECRET or JWT_PUBLIC_KEY must be set when NODE_ENV=production')
        : config.NODE_ENV === 'production' && config.OFFER_LINK_SECRET === undefined
          ? E.left('OFFER_LINK_SECRET must be set when NODE_ENV=production')
          : E.right(completed(config)),
    ),
  )
