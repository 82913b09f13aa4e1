import { setTimeout as sleep } from 'node:timers/promises'
import { dropDatabase } from '../worker/db/database-lifecycle'
import { freePort } from '../test/support/free-port'
import { spawn, type ChildProcess } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { loadavg } from 'node:os'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { Queue } from 'bullmq'
import * as E from 'fp-ts/Either'
import jwt from 'jsonwebtoken'
import type { Sequelize } from 'sequelize'
import type { Actor } from '../shared/auth/actor'
import { dateInZone } from '../shared/codecs/iso-date'
import { DEFAULT_IMPORT_CHUNK_ROWS, importBatchId } from '../shared/queue/import-job-producer'
import { IMPORT_QUEUE_NAME, QUEUE_NAME } from '../shared/queue/waitlist-queue'
import { openDatabase } from '../worker/db/connection'
import { seedReferenceData } from '../worker/seed/seed-reference-data'
import { fileRows } from '../scripts/importer/file-rows'
import { generateFile } from '../scripts/importer/generate-rows'
import { migrateDatabase } from '../worker/db/migrate'
import { createLogger, loadConfig } from '../scripts/runtime'
import { benchServiceEnv } from './support/bench-processes'
import { percentile, summarise, type LatencySummary } from '../test/support/percentiles'
import { measureCreates } from './support/create-latency'
import { resolvedRows, timeDirectWrites } from './support/write-ceiling'
import { startWorkerProcesses } from '../test/support/worker-processes'

const usage = `usage: npm run bench:import [-- --rows N] [--workers 1,2,4] [--probes N] [--runs N]

Imports N generated valid rows (default 100000) end to end (importer → Redis → worker processes → PostgreSQL) and
reports rows/s beside the write ceiling measured in the same run (the same rows, the same multi-row insert per
chunk, no queue); then with each worker-process count; then the latency of single API creates without and during
an import. Each throughput figure is the median of --runs runs (default 1). Uses its own database (dropped after)
and queue prefix; prints a Markdown table for docs/benchmarks.md.`

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    workers: { type: 'string', default: '1,2,4' },
    probes: { type: 'string', default: '200' },
    runs: { type: 'string', default: '1' },
    help: { type: 'boolean', default: false },
  },
})
if (values.help) {
  process.stdout.write(`${usage}\n`)
  process.exit(0)
}
const ROWS = Number(values.rows)
const WORKER_COUNTS = values.workers.split(',').map(Number)
const PROBES = Number(values.probes)
/** Each throughput figure is the median of this many runs: other work on a small machine moves single runs a lot. */
const RUNS = Number(values.runs)
if (
  !Number.isInteger(ROWS) ||
  ROWS < 1 ||
  !Number.isInteger(RUNS) ||
  RUNS < 1 ||
  WORKER_COUNTS.some((n) => !Number.isInteger(n) || n < 1)
) {
  process.stderr.write(`${usage}\n`)
  process.exit(2)
}

const base = loadConfig()
const benchDatabase = (() => {
  const url = new URL(base.DATABASE_URL)
  url.pathname = `/waitlist_bench_${process.pid}`
  return url.toString()
})()
const prefix = `{waitlist-bench-${process.pid}}`
const jwtSecret = randomBytes(24).toString('hex')
const config = {
  ...base,
  DATABASE_URL: benchDatabase,
  QUEUE_PREFIX: prefix,
  JWT_SECRET: jwtSecret,
  LOG_LEVEL: 'warn' as const,
}
const childEnv = {
  ...benchServiceEnv,
  DATABASE_URL: benchDatabase,
  REDIS_URL: config.REDIS_URL,
  QUEUE_PREFIX: prefix,
  JWT_SECRET: jwtSecret,
  LOG_LEVEL: 'warn',
  NODE_ENV: 'development',
}
const tmp = resolve(__dirname, '..', '..', 'bench', 'tmp')
const file = resolve(tmp, `bench-${process.pid}.ndjson`)
const actor = { sub: 'bench-importer', role: 'STAFF', org_id: 'org-1' } as Actor

const log = (line: string) => process.stderr.write(`${line}\n`)
// Output piped into a reader that quits (| head) must not end the bench before it cleans up.
process.stderr.on('error', () => undefined)
process.stdout.on('error', () => undefined)
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')

const runChild = async (script: string, args: ReadonlyArray<string>): Promise<{ code: number | null; out: string }> => {
  const child = spawn(process.execPath, [resolve(__dirname, '..', 'scripts', script), ...args], {
    env: { ...process.env, ...childEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()))
  const [code] = (await once(child, 'exit')) as [number | null]
  return { code, out }
}

const median = (values: ReadonlyArray<number>): number => percentile(values, 50)

const reports: string[] = []

const importOnce = async (report: string) => {
  reports.push(report)
  const started = process.hrtime.bigint()
  const result = await runChild('import.js', [
    file,
    '--org',
    'org-1',
    '--user',
    'bench-importer',
    '--no-progress',
    '--report',
    report,
  ])
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  if (result.code !== 0) throw new Error(`the import failed:\n${result.out}`)
  return seconds
}

const countRows = async (sequelize: Sequelize): Promise<number> => {
  const [rows] = (await sequelize.query('SELECT count(*)::int AS n FROM waitlist_requests')) as [
    Array<{ n: number }>,
    unknown,
  ]
  return rows[0]?.n ?? 0
}

/** Every run starts from an empty table and queues: the same file is the same batch, which would otherwise be answered from the last run. */
const reset = async (sequelize: Sequelize, queues: ReadonlyArray<Queue>) => {
  await sequelize.query('TRUNCATE waitlist_requests CASCADE')
  for (const queue of queues) await queue.obliterate({ force: true })
}

const readyIngress = async (port: number, child: ChildProcess) => {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (child.exitCode !== null) throw new Error('the ingress exited while starting')
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (response) => response.ok,
      () => false,
    )
    if (ready) return
    await sleep(100)
  }
  throw new Error('the ingress did not become ready')
}

interface Results {
  ceilings: Array<{ seconds: number; rowsPerSecond: number; concurrency: number }>
  endToEnd: Array<{ workers: number; seconds: number; rowsPerSecond: number }>
  latency: { idle: LatencySummary; duringImport: LatencySummary; importRowsPerSecond: number }
  load: { start: string; end: string }
}

const main = async () => {
  const logger = createLogger(config, 'bench')
  const startLoad = load()
  log(`bench: ${ROWS} rows, workers ${WORKER_COUNTS.join('/')}, ${RUNS} run(s) each, load average ${startLoad}`)
  await mkdir(tmp, { recursive: true })
  await writeFile(
    file,
    generateFile('ndjson', { rows: ROWS, invalidEvery: 0, today: dateInZone(new Date(), 'America/New_York') }),
  )
  await dropDatabase(benchDatabase)
  await migrateDatabase(config, logger)
  const db = openDatabase(benchDatabase, { poolMax: 8 })
  const { sequelize } = db
  const importQueue = new Queue(IMPORT_QUEUE_NAME, { connection: { url: config.REDIS_URL }, prefix })
  const createQueue = new Queue(QUEUE_NAME, { connection: { url: config.REDIS_URL }, prefix })
  const children: Array<{ stop: () => Promise<void> }> = []
  let cleaned: Promise<void> | undefined
  const cleanUp = () => {
    cleaned ??= (async () => {
      for (const child of children.reverse()) await child.stop().catch(() => undefined)
      await importQueue.obliterate({ force: true }).catch(() => undefined)
      await createQueue.obliterate({ force: true }).catch(() => undefined)
      await Promise.allSettled([importQueue.close(), createQueue.close()])
      await sequelize.close()
      await dropDatabase(benchDatabase)
      for (const name of [file, ...reports]) await rm(name, { force: true })
    })()
    return cleaned
  }
  // Stopped half way (Ctrl-C), it still stops its processes and drops its database and keys.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: cleaning up`)
      void cleanUp().finally(() => process.exit(130))
    })
  }
  try {
    const seeded = await seedReferenceData(
      db,
      JSON.parse(await readFile(resolve(__dirname, '..', '..', 'worker', 'seed', 'demo-data.json'), 'utf8')),
    )
    if (E.isLeft(seeded)) throw new Error('the demo data was refused')

    // The ceiling: the very rows the import writes, written directly.
    const text = await readFile(file, 'utf8')
    const parsed = fileRows('ndjson', text)
    if (E.isLeft(parsed)) throw new Error(parsed.left)
    const batch = importBatchId({
      organization_id: 'org-1',
      content_sha256: createHash('sha256').update(text).digest('hex'),
    })
    const rows = await resolvedRows(
      db,
      batch,
      actor,
      [...parsed.right.rows].flatMap((row) => (E.isRight(row) ? [row.right] : [])),
    )
    // One insert after another (the ceiling as the issue defines it), then as many at once as one worker process runs.
    const ceilings: Results['ceilings'] = []
    for (const concurrency of [...new Set([1, config.IMPORT_CONCURRENCY])]) {
      const runs: number[] = []
      for (let run = 0; run < RUNS; run += 1) {
        await reset(sequelize, [])
        const seconds = await timeDirectWrites(db, rows, DEFAULT_IMPORT_CHUNK_ROWS, concurrency)
        if ((await countRows(sequelize)) !== ROWS) throw new Error('the ceiling run did not write every row')
        runs.push(seconds)
        log(
          `ceiling, ${concurrency} at once: ${ROWS} rows in ${seconds.toFixed(2)} s = ${Math.round(ROWS / seconds)} rows/s`,
        )
      }
      const seconds = median(runs)
      ceilings.push({ seconds, rowsPerSecond: ROWS / seconds, concurrency })
    }

    const endToEnd: Results['endToEnd'] = []
    for (const count of WORKER_COUNTS) {
      const runs: number[] = []
      for (let run = 0; run < RUNS; run += 1) {
        await reset(sequelize, [importQueue])
        const workers = await startWorkerProcesses(count, childEnv, importQueue)
        children.push(workers)
        const seconds = await importOnce(resolve(tmp, `bench-${process.pid}-${count}.report.csv`))
        await workers.stop()
        if ((await countRows(sequelize)) !== ROWS) throw new Error(`with ${count} workers, not every row was written`)
        runs.push(seconds)
        log(
          `${count} worker process(es): ${ROWS} rows in ${seconds.toFixed(2)} s = ${Math.round(ROWS / seconds)} rows/s (load ${load()})`,
        )
      }
      const seconds = median(runs)
      endToEnd.push({ workers: count, seconds, rowsPerSecond: ROWS / seconds })
    }

    // Latency of single creates through the API, with one worker process, idle and then during an import.
    await reset(sequelize, [importQueue, createQueue])
    const port = await freePort()
    const ingress = spawn(process.execPath, [resolve(__dirname, '..', 'ingress', 'main.js')], {
      env: { ...process.env, ...childEnv, PORT: String(port) },
      stdio: 'ignore',
    })
    children.push({
      stop: async () => {
        if (ingress.exitCode === null) {
          ingress.kill('SIGTERM')
          await once(ingress, 'exit')
        }
      },
    })
    const workers = await startWorkerProcesses(1, childEnv, importQueue)
    children.push(workers)
    await readyIngress(port, ingress)
    const token = jwt.sign({ role: 'STAFF', org_id: 'org-1' }, jwtSecret, {
      algorithm: 'HS256',
      subject: 'front-desk',
      expiresIn: 3600,
    })
    const probe = { baseUrl: `http://127.0.0.1:${port}`, token, pauseMs: 20 }
    await measureCreates({ ...probe, count: 20 }) // warm-up, not counted
    const idle = summarise(await measureCreates({ ...probe, count: PROBES }))
    log(`creates, no import: p50 ${idle.p50.toFixed(1)} ms, p99 ${idle.p99.toFixed(1)} ms (${idle.count})`)
    let importDone = false
    const importing = importOnce(resolve(tmp, `bench-${process.pid}-latency.report.csv`)).finally(() => {
      importDone = true
    })
    await sleep(500) // let the import get going before probing
    const during = measureCreates({ ...probe, count: 100_000, until: () => importDone })
    const [importSeconds, duringLatencies] = await Promise.all([importing, during])
    const duringImport = summarise(duringLatencies)
    log(
      `creates during import: p50 ${duringImport.p50.toFixed(1)} ms, p99 ${duringImport.p99.toFixed(1)} ms (${duringImport.count})`,
    )

    const results: Results = {
      ceilings,
      endToEnd,
      latency: { idle, duringImport, importRowsPerSecond: ROWS / importSeconds },
      load: { start: startLoad, end: load() },
    }
    process.stdout.write(`${markdown(results)}\n\n${JSON.stringify(results)}\n`)
  } finally {
    await cleanUp()
  }
}

const fixed = (n: number, digits = 0) => n.toFixed(digits)

const markdown = (results: Results): string => {
  const one = results.endToEnd.find((run) => run.workers === 1)
  const share = (ceiling: { rowsPerSecond: number; concurrency: number }) =>
    one === undefined
      ? ''
      : `${fixed((100 * one.rowsPerSecond) / ceiling.rowsPerSecond)} % of the ceiling with ${ceiling.concurrency} insert${ceiling.concurrency === 1 ? '' : 's'} at once`
  return [
    `| measurement | rows/s | time for ${ROWS} rows |`,
    '| --- | ---: | ---: |',
    ...results.ceilings.map(
      (ceiling) =>
        `| write ceiling: the same rows, one multi-row insert per chunk, ${ceiling.concurrency} at once, no queue | ${fixed(ceiling.rowsPerSecond)} | ${fixed(ceiling.seconds, 2)} s |`,
    ),
    ...results.endToEnd.map(
      (run) =>
        `| end to end (importer → Redis → worker → PostgreSQL), ${run.workers} worker process${run.workers === 1 ? '' : 'es'} | ${fixed(run.rowsPerSecond)} | ${fixed(run.seconds, 2)} s |`,
    ),
    '',
    one === undefined ? '' : `One worker process: ${results.ceilings.map(share).join('; ')}.`,
    '',
    '| single creates through the API | probes | p50 | p99 | max |',
    '| --- | ---: | ---: | ---: | ---: |',
    `| no import running | ${results.latency.idle.count} | ${fixed(results.latency.idle.p50, 1)} ms | ${fixed(results.latency.idle.p99, 1)} ms | ${fixed(results.latency.idle.max, 1)} ms |`,
    `| during a ${ROWS}-row import (${fixed(results.latency.importRowsPerSecond)} rows/s) | ${results.latency.duringImport.count} | ${fixed(results.latency.duringImport.p50, 1)} ms | ${fixed(results.latency.duringImport.p99, 1)} ms | ${fixed(results.latency.duringImport.max, 1)} ms |`,
    '',
    `Load average (1, 5, 15 min) at the start: ${results.load.start}; at the end: ${results.load.end}.`,
  ].join('\n')
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exit(1)
})
