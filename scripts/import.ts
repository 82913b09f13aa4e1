import { createHash } from 'node:crypto'
import { readFile, rename, stat, writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { Queue, QueueEvents } from 'bullmq'
import { Format, SingleBar, type TimeFormatter } from 'cli-progress'
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import type { Logger } from 'pino'
import { StaffActor } from '../shared/auth/actor'
import type { Config } from '../shared/config/config'
import { fromDecodeErrors } from '../shared/errors/field-error'
import {
  DEFAULT_IMPORT_CHUNK_ROWS,
  importBatchId,
  importJobStream,
  type ImportRowInput,
} from '../shared/queue/import-job-producer'
import { IMPORT_CHUNK_MAX_ROWS, type ImportBatchId } from '../shared/queue/import-waitlist-requests-job'
import { IMPORT_QUEUE_NAME } from '../shared/queue/waitlist-queue'
import { fileRows } from './importer/file-rows'
import { checkImportSize, DEFAULT_MAX_IMPORT_BYTES, decodeImportText, importFormatOf } from './importer/import-file'
import { addToTally, emptyTally, reportCsv, type ImportTally, type RowOutcome } from './importer/import-report'
import { DEFAULT_CHUNKS_IN_FLIGHT, runImport } from './importer/run-import'
import { createLogger, isMain, loadConfig } from './runtime'
import { redisConnection } from './redis-connection'
import { RedisClusterNodes } from '../shared/config/redis-cluster-nodes'

const usage = `usage: npm run import -- FILE --org ORG_ID --user USER_ID [options]

Imports waitlist requests from FILE straight onto the queue (no HTTP), as a staff user of one organization.
FILE is NDJSON (one JSON object per line) or CSV (a header row, then one request per row): the fields of
POST /apis/v1/waitlist-requests plus patient_id; in CSV, list fields are ';'-separated (MORNING;EVENING).
Running the same file again creates nothing twice, and finishes what an interrupted run (Ctrl-C) left.

  --org ID          the organization the rows belong to (required)
  --user ID         who is importing, recorded as created_by (required)
  --role ROLE       STAFF (default), CLINICIAN or ADMIN
  --report PATH     where the per-row report goes (default: FILE.report.csv)
  --format F        ndjson or csv (default: from the extension)
  --chunk-rows N    rows per queued job, 1 to ${IMPORT_CHUNK_MAX_ROWS} (default ${DEFAULT_IMPORT_CHUNK_ROWS})
  --max-bytes N     refuse larger files (default ${DEFAULT_MAX_IMPORT_BYTES}, 100 MiB)
  --no-progress     no progress bar, only the summary

Exit status: 0 when every row has its answer (rejected rows included: see the report), 1 when the file was
refused or rows could not be written, 2 for a usage error, 130 when interrupted.`

export interface ImportOptions {
  readonly file: string
  readonly organization: string
  readonly user: string
  readonly role: string
  readonly report?: string
  readonly format?: string
  readonly chunkRows: number
  readonly maxBytes: number
  readonly progress: boolean
  /** Chunks queued and unanswered at most (default DEFAULT_CHUNKS_IN_FLIGHT). */
  readonly chunksInFlight?: number
  /** Called with the running tally as rows are answered (the progress bar's numbers). */
  readonly onProgress?: (tally: ImportTally) => void
}

export interface ImportSummary {
  readonly batch_id: ImportBatchId
  readonly report: string
  readonly tally: ImportTally
  readonly created: number
  readonly existing: number
  readonly interrupted: boolean
  readonly seconds: number
}

/** The flag each actor field comes from, to name in a refusal. */
const FLAG_OF: Readonly<Record<string, string>> = { sub: '--user', role: '--role', org_id: '--org' }

/** A refusal the person running the import can act on: printed alone, without a stack. */
export class ImportRefused extends Error {}

const refuse = (message: string): never => {
  throw new ImportRefused(message)
}

const readText = async (options: ImportOptions): Promise<string> => {
  const size = await stat(options.file).then(
    (stats) => (stats.isFile() ? stats.size : refuse(`${options.file} is not a file`)),
    () => refuse(`${options.file} cannot be read (does it exist?)`),
  )
  pipe(checkImportSize(options.file, size, options.maxBytes), E.getOrElseW(refuse))
  return pipe(decodeImportText(options.file, await readFile(options.file), options.maxBytes), E.getOrElseW(refuse))
}

/** cli-progress's ETA is `NULL` or `INF` until rows are answered, which its formatter would cut to `LL` or `NF`. */
const formatTime: TimeFormatter = (t, options, roundTo) =>
  typeof t === 'number' ? Format.TimeFormat(t, options, roundTo) : '?'

const progressBar = (total: number) => {
  const bar = new SingleBar({
    format:
      '{bar} {percentage}% | {value}/{total} rows | read {read} | accepted {accepted} | rejected {rejected} | {rate} rows/s | {eta_formatted} left',
    formatTime,
    hideCursor: true,
  })
  bar.start(total, 0, { read: 0, accepted: 0, rejected: 0, rate: 0 })
  return bar
}

/**
 * Imports one file: refuses what cannot be a batch (too large, not UTF-8,
 * empty, no usable CSV header) before anything is queued, reports unreadable
 * rows itself, and queues the rest in chunks whose every row the worker judges
 * by the create rules. `signal` stops the waiting (Ctrl-C); the report then
 * marks unfinished rows, and running the same import again completes them.
 */
export const importFile = async (
  config: Config,
  logger: Logger,
  options: ImportOptions,
  signal?: AbortSignal,
): Promise<ImportSummary> => {
  const started = Date.now()
  const text = await readText(options)
  const format = pipe(importFormatOf(options.file, text, options.format), E.getOrElseW(refuse))
  const source = pipe(
    fileRows(format, text),
    E.getOrElseW((message) => refuse(`${options.file}: ${message}`)),
  )
  const actor = pipe(
    StaffActor.decode({ sub: options.user, role: options.role.toUpperCase(), org_id: options.organization }),
    E.getOrElseW((errors) =>
      refuse(
        `${[...new Set(fromDecodeErrors(errors).map((error) => FLAG_OF[error.field] ?? error.field))].join(', ')} ` +
          'unusable: --user and --org must be ids (visible characters, no spaces), --role one of STAFF, CLINICIAN, ADMIN',
      ),
    ),
  )
  const batch_id = importBatchId({
    organization_id: options.organization,
    content_sha256: createHash('sha256').update(text).digest('hex'),
  })
  const report = options.report ?? `${options.file}.report.csv`
  logger.info({ file: options.file, format, rows: source.count, batch_id, actor }, 'import starting')

  // Blocking-style connections: a long import rides out a Redis blip rather than failing on it; the start is bounded below.
  const producer = redisConnection(config, 'blocking', logger)
  const listener = redisConnection(config, 'blocking', logger)
  const queue = new Queue(IMPORT_QUEUE_NAME, { connection: producer, prefix: config.QUEUE_PREFIX })
  const events = new QueueEvents(IMPORT_QUEUE_NAME, { connection: listener, prefix: config.QUEUE_PREFIX })
  // `read` counts rows as they are parsed, which runs ahead of the answers by the chunks in flight.
  let tally = emptyTally(0)
  const bar = options.progress ? progressBar(source.count) : undefined
  const show = () => {
    const finished = tally.accepted + tally.rejected + tally.failed
    const seconds = Math.max((Date.now() - started) / 1000, 0.001)
    bar?.update(finished, { ...tally, rate: Math.round(finished / seconds) })
  }
  const answered = (outcomes: ReadonlyArray<RowOutcome>) => {
    tally = addToTally(tally, outcomes)
    show()
    options.onProgress?.(tally)
  }
  // Rows the file could not give as requests are answered here, as the chunking reaches them.
  const unreadable: RowOutcome[] = []
  function* readableRows(): Generator<ImportRowInput> {
    for (const row of source.rows) {
      tally = { ...tally, read: tally.read + 1 }
      if (E.isRight(row)) {
        yield row.right
        continue
      }
      const outcome: RowOutcome = { row: row.left.row, outcome: 'rejected', errors: row.left.errors }
      unreadable.push(outcome)
      answered([outcome])
    }
  }
  const jobs = importJobStream({ batch_id, actor, rows: readableRows(), chunkRows: options.chunkRows })
  try {
    const redis =
      config.REDIS_CLUSTER_NODES === undefined
        ? config.REDIS_URL
        : `the Redis Cluster at ${RedisClusterNodes.encode(config.REDIS_CLUSTER_NODES)}`
    const unreachable = () => refuse(`cannot reach Redis at ${redis}: is it running?`)
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 5_000).unref())
    await Promise.race([producer.ping(), timeout]).catch(unreachable)
    await events.waitUntilReady()
    if ((await queue.getWorkersCount()) === 0) {
      bar?.stop()
      process.stderr.write(
        `note: no worker is serving ${IMPORT_QUEUE_NAME} (prefix ${config.QUEUE_PREFIX}) yet; rows wait until one starts (npm run start:worker)\n`,
      )
      bar?.start(source.count, 0, { ...tally, rate: 0 })
    }
    show()
    const result = await runImport({
      queue,
      events,
      jobs,
      chunksInFlight: options.chunksInFlight ?? DEFAULT_CHUNKS_IN_FLIGHT,
      ...(signal === undefined ? {} : { signal }),
      onOutcomes: answered,
    })
    show()
    bar?.stop()
    const outcomes = [...unreadable, ...result.outcomes]
    // Written whole, then moved into place: an interrupted write never leaves half a report.
    await writeFile(`${report}.tmp`, reportCsv(outcomes))
    await rename(`${report}.tmp`, report)
    const count = (kind: RowOutcome['outcome']) => outcomes.filter((outcome) => outcome.outcome === kind).length
    return {
      batch_id,
      report,
      tally,
      created: count('created'),
      existing: count('existing'),
      interrupted: result.interrupted,
      seconds: (Date.now() - started) / 1000,
    }
  } finally {
    bar?.stop()
    await Promise.allSettled([events.close(), queue.close()])
    await Promise.allSettled([producer.quit(), listener.quit()])
  }
}

const positiveInteger = (name: string, value: string, max: number): number => {
  const n = Number(value)
  return Number.isInteger(n) && n >= 1 && n <= max ? n : refuse(`${name} must be an integer from 1 to ${max}`)
}

const optionsFrom = (argv: ReadonlyArray<string>): ImportOptions => {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      org: { type: 'string' },
      user: { type: 'string' },
      role: { type: 'string', default: 'STAFF' },
      report: { type: 'string' },
      format: { type: 'string' },
      'chunk-rows': { type: 'string', default: String(DEFAULT_IMPORT_CHUNK_ROWS) },
      'max-bytes': { type: 'string', default: String(DEFAULT_MAX_IMPORT_BYTES) },
      'no-progress': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  })
  if (values.help) {
    process.stdout.write(`${usage}\n`)
    process.exit(0)
  }
  const [file, ...extra] = positionals
  if (file === undefined || extra.length > 0) refuse('name exactly one FILE to import')
  if (values.org === undefined || values.user === undefined) refuse('--org and --user are required')
  return {
    file: file as string,
    organization: values.org as string,
    user: values.user as string,
    role: values.role,
    ...(values.report === undefined ? {} : { report: values.report }),
    ...(values.format === undefined ? {} : { format: values.format }),
    chunkRows: positiveInteger('--chunk-rows', values['chunk-rows'], IMPORT_CHUNK_MAX_ROWS),
    maxBytes: positiveInteger('--max-bytes', values['max-bytes'], Number.MAX_SAFE_INTEGER),
    progress: !values['no-progress'] && process.stderr.isTTY === true,
  }
}

const summaryLine = (options: ImportOptions, summary: ImportSummary): string =>
  [
    `${options.file}: ${summary.tally.read} rows in ${summary.seconds.toFixed(1)} s (batch ${summary.batch_id})`,
    `  created ${summary.created}, already there ${summary.existing}, rejected ${summary.tally.rejected}` +
      (summary.tally.failed > 0 ? `, not written (faults) ${summary.tally.failed}` : ''),
    `  report: ${summary.report}`,
    ...(summary.interrupted
      ? [
          '  interrupted: queued rows still run; run the same command again to finish the rest (nothing is created twice)',
        ]
      : []),
  ].join('\n')

if (isMain(module)) {
  let options: ImportOptions
  try {
    options = optionsFrom(process.argv.slice(2))
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${usage}\n`)
    process.exit(2)
  }
  const config = loadConfig()
  // Logs are for operators; the person at the terminal reads the bar and the summary.
  const logger = createLogger(
    { ...config, LOG_LEVEL: process.env['LOG_LEVEL'] === undefined ? 'warn' : config.LOG_LEVEL },
    'import',
  )
  const interrupt = new AbortController()
  process.once('SIGINT', () => {
    process.stderr.write('\nstopping: writing the report of what finished (Ctrl-C again to quit at once)\n')
    interrupt.abort()
    process.once('SIGINT', () => process.exit(130))
  })
  importFile(config, logger, options, interrupt.signal).then(
    (summary) => {
      process.stdout.write(`${summaryLine(options, summary)}\n`)
      process.exit(summary.interrupted ? 130 : summary.tally.failed > 0 ? 1 : 0)
    },
    (error: unknown) => {
      process.stderr.write(
        error instanceof ImportRefused
          ? `import refused: ${error.message}\n`
          : `import failed: ${error instanceof Error ? error.message : String(error)}; nothing is lost: run the same command again\n`,
      )
      process.exit(1)
    },
  )
}
