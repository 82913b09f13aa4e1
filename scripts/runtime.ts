import * as E from 'fp-ts/Either'
import pino, { type DestinationStream, type Logger } from 'pino'
import { decodeConfig, type Config } from '../shared/config/config'
import { safeError } from './safe-error'

/** Reads the environment once; a bad setting stops the process with the reason, before anything listens. */
export const loadConfig = (env: NodeJS.ProcessEnv = process.env): Config => {
  const config = decodeConfig(env)
  if (E.isLeft(config)) {
    process.stderr.write(`configuration error: ${config.left}\n`)
    process.exit(78)
  }
  return config.right
}

/**
 * Fields that hold a credential or a patient's words, censored at the top of a line or one level down: a net under
 * the rule that lines carry ids only (a header set or a body logged by mistake loses what matters in it).
 */
const REDACTED_FIELDS = [
  'authorization',
  'cookie',
  'set-cookie',
  'token',
  'notes',
  'reason',
  'decline_reason',
  'first_name',
  'last_name',
  'body',
]
const REDACT_PATHS = REDACTED_FIELDS.flatMap((field) => [`["${field}"]`, `*["${field}"]`]).concat(
  ['authorization', 'cookie', 'set-cookie'].map((header) => `*.headers["${header}"]`),
)

/**
 * Every process's logger. Errors go through safeError (no SQL, no bound values, no database's quoting of them);
 * credentials and free text are censored wherever a line might carry them. `destination` is stdout unless a test
 * captures it.
 *
 * JSON lines on stdout, written synchronously: pino's default writes asynchronously, and a process that exits
 * (after a stop, or a fatal start) would lose what was still being written, its last line ('stopped') among them.
 */
export const createLogger = (
  config: Config,
  name: string,
  destination: DestinationStream = pino.destination({ dest: 1, sync: true }),
): Logger =>
  pino(
    {
      name,
      level: config.LOG_LEVEL,
      serializers: { err: safeError },
      redact: { paths: REDACT_PATHS },
    },
    destination,
  )

export interface Stoppable {
  readonly stop: () => Promise<void>
}

/**
 * Stops the parts in order on SIGTERM or SIGINT, each letting its in-flight
 * work finish (the ingress first, so its waiting requests still see their jobs
 * done), then exits; a second signal or the timeout forces the exit.
 */
export const stopOnSignals = (parts: ReadonlyArray<Stoppable>, logger: Logger, timeoutMs: number): void => {
  let stopping = false
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1)
    stopping = true
    logger.info({ signal }, 'shutting down')
    const forced = setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown timed out')
      process.exit(1)
    }, timeoutMs)
    forced.unref()
    parts
      .reduce((previous, part) => previous.then(part.stop), Promise.resolve())
      .then(
        () => {
          logger.info({ signal }, 'stopped')
          process.exit(0)
        },
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed')
          process.exit(1)
        },
      )
  }
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
}

export const isMain = (module: NodeJS.Module): boolean => require.main === module
