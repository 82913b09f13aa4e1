import { setTimeout as sleep } from 'node:timers/promises'
import { randomBytes } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import { cpus, loadavg, totalmem } from 'node:os'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { Queue } from 'bullmq'
import * as E from 'fp-ts/Either'
import { Redis as IORedis } from 'ioredis'
import { QueryTypes } from 'sequelize'
import jwt from 'jsonwebtoken'
import type { Actor } from '../shared/auth/actor'
import { importBatchId } from '../shared/queue/import-job-producer'
import { EVENTS_QUEUE_NAME, IMPORT_QUEUE_NAME, QUEUE_NAME } from '../shared/queue/waitlist-queue'
import { verificationKey } from '../ingress/auth/verification-key'
import { WAITLIST_REQUESTS_PATH } from '../ingress/routes/waitlist-request-paths'
import { openDatabase, type Database } from '../worker/db/connection'
import { dropDatabase } from '../worker/db/database-lifecycle'
import { seedReferenceData } from '../worker/seed/seed-reference-data'
import { migrateDatabase } from '../worker/db/migrate'
import { createLogger, loadConfig } from '../scripts/runtime'
import { startWorkerProcesses } from '../test/support/worker-processes'
import { BARE_PATH, BARE_TABLE } from './support/bare-stack'
import { freePort } from '../test/support/free-port'
import { benchServiceEnv, spawnNode, waitForHttp, type NodeProcess } from './support/bench-processes'
import { benchCreates, referenceData, type BenchCaller } from './support/create-fixture'
import { driveDirectInserts } from './support/direct-insert'
import { driveHttp, type HttpRequestSpec, type LoadFigures } from './support/http-load'
import { resolvedRows } from './support/write-ceiling'
import { soak } from './support/soak'

const usage = `usage: npm run bench [-- --duration S] [--concurrency 1,16,64,256] [--soak S] [--soak-rate R] [--url URL]
                 [--profile DIR]

Creates through POST ${WAITLIST_REQUESTS_PATH} at each concurrency for --duration seconds (default 10) beside two
ceilings measured in the same run: (a) the same row inserted straight into PostgreSQL with pg, (b) a bare
Koa → BullMQ → worker → PostgreSQL round trip with no rules and a trivial insert. Then --soak seconds (default 300,
0: none) at concurrency 64 and --soak-rate requests/s (default half the best rate; 0: as fast as they go),
sampling the ingress's and worker's resident memory and what Redis holds, and measuring each one's CPU per create
(Redis's is the service's alone only when REDIS_URL names a Redis of the bench's own). Generated reference data goes
into a throwaway database (dropped at the end) with its own queue prefix; the ingress and one worker run as their
compiled scripts. --url: drive an API already running there instead (its DATABASE_URL and JWT_SECRET in the
environment: the reference data is upserted into that database; no soak). --profile DIR: the ingress and worker
write V8 CPU profiles there. Results: bench/results/create-<time>.json and a Markdown table on stdout.`

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '1,16,64,256' },
    soak: { type: 'string', default: '300' },
    'soak-rate': { type: 'string' },
    url: { type: 'string' },
    profile: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
})
const SECONDS = Number(values.duration)
const LEVELS = values.concurrency.split(',').map(Number)
const SOAK_SECONDS = Number(values.soak)
const SOAK_RATE = values['soak-rate'] === undefined ? undefined : Number(values['soak-rate'])
if (
  values.help ||
  !(SECONDS > 0) ||
  !(SOAK_SECONDS >= 0) ||
  !(SOAK_RATE === undefined || SOAK_RATE >= 0) ||
  LEVELS.some((n) => !Number.isInteger(n) || n < 1)
) {
  process.stdout.write(`${usage}\n`)
  process.exit(values.help ? 0 : 2)
}
/** Distinct creates sent round-robin: enough that no two in flight are alike. */
const CREATES = 4096

const base = loadConfig()
const benchDatabase = (() => {
  const url = new URL(base.DATABASE_URL)
  url.pathname = `/waitlist_bench_create_${process.pid}`
  return url.toString()
})()
const prefix = `{waitlist-bench-${process.pid}}`
const barePrefix = `{waitlist-bench-bare-${process.pid}}`
const jwtSecret = randomBytes(24).toString('hex')
const childEnv = {
  ...benchServiceEnv,
  DATABASE_URL: benchDatabase,
  REDIS_URL: base.REDIS_URL,
  QUEUE_PREFIX: prefix,
  JWT_SECRET: jwtSecret,
  NODE_ENV: 'development',
}
/** Only the service's processes are profiled: they are what the work is on. */
const profileArgs = values.profile === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${resolve(values.profile)}`]

const log = (line: string) => process.stderr.write(`${line}\n`)
const load = () => loadavg().map((n) => n.toFixed(2))

const tokenFor = (caller: BenchCaller, sign: (claims: object) => string): string =>
  sign(
    caller.role === 'USER' ? { role: 'USER', patient_id: caller.patient_id } : { role: 'STAFF', org_id: caller.org_id },
  )

interface Series {
  readonly name: string
  readonly levels: LoadFigures[]
}

/** The service's ingress and worker as an operator runs them; answers their pids and how to stop them. */
const startService = async (): Promise<{
  url: string
  pids: { ingress: number; worker: number }
  stop: () => Promise<void>
}> => {
  const port = await freePort()
  const ingress = spawnNode(
    resolve(__dirname, '..', 'ingress', 'main.js'),
    [],
    { ...childEnv, PORT: String(port) },
    profileArgs,
  )
  const queue = new Queue(QUEUE_NAME, { connection: { url: base.REDIS_URL }, prefix })
  try {
    const workers = await startWorkerProcesses(1, childEnv, queue, 20_000, profileArgs)
    await waitForHttp(`http://127.0.0.1:${port}/readyz`)
    return {
      url: `http://127.0.0.1:${port}`,
      pids: { ingress: ingress.pid, worker: workers.pids[0] ?? 0 },
      stop: async () => {
        await ingress.stop()
        await workers.stop()
      },
    }
  } finally {
    await queue.close()
  }
}

const startBareStack = async (): Promise<{ url: string; stop: () => Promise<void> }> => {
  const port = await freePort()
  const env = { ...childEnv, QUEUE_PREFIX: barePrefix, PORT: String(port) }
  const script = resolve(__dirname, 'support', 'bare-stack.js')
  const parts: NodeProcess[] = [spawnNode(script, ['ingress'], env), spawnNode(script, ['worker'], env)]
  const stop = async () => {
    for (const part of parts) await part.stop()
  }
  const queue = new Queue(QUEUE_NAME, { connection: { url: base.REDIS_URL }, prefix: barePrefix })
  try {
    await waitForHttp(`http://127.0.0.1:${port}/readyz`)
    while ((await queue.getWorkersCount()) < 1) await sleep(100)
    return { url: `http://127.0.0.1:${port}`, stop }
  } catch (error) {
    await stop()
    throw error
  } finally {
    await queue.close()
  }
}

const versions = async ({ sequelize }: Database) => {
  const rows = await sequelize.query<{ server_version: string }>(
    "SELECT current_setting('server_version') AS server_version",
    { type: QueryTypes.SELECT },
  )
  const redis = new IORedis(base.REDIS_URL)
  try {
    const info = await redis.info('server')
    return {
      node: process.version,
      postgres: rows[0]?.server_version ?? 'unknown',
      redis: /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown',
    }
  } finally {
    redis.disconnect()
  }
}

const main = async () => {
  const startLoad = load()
  log(
    `bench: ${SECONDS} s per level at ${LEVELS.join('/')}, soak ${SOAK_SECONDS} s; load average ${startLoad.join(' ')}`,
  )
  const config = { ...base, DATABASE_URL: benchDatabase, LOG_LEVEL: 'warn' as const }
  await dropDatabase(benchDatabase)
  await migrateDatabase(config, createLogger(config, 'bench'))
  const db = openDatabase(benchDatabase, { poolMax: 4 })
  const { sequelize } = db
  const running: Array<{ stop: () => Promise<void> }> = []
  let cleaned: Promise<void> | undefined
  const cleanUp = () => {
    cleaned ??= (async () => {
      for (const part of running.reverse()) await part.stop().catch(() => undefined)
      // The worker process also opens the import queue, which leaves its meta key behind, and schedules the outbox
      // sweep on the events queue.
      for (const queuePrefix of [prefix, barePrefix]) {
        for (const name of [QUEUE_NAME, IMPORT_QUEUE_NAME, EVENTS_QUEUE_NAME]) {
          const queue = new Queue(name, { connection: { url: base.REDIS_URL }, prefix: queuePrefix })
          await queue.obliterate({ force: true }).catch(() => undefined)
          await queue.close()
        }
      }
      await sequelize.close()
      await dropDatabase(benchDatabase)
    })()
    return cleaned
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: cleaning up`)
      void cleanUp().finally(() => process.exit(130))
    })
  }
  try {
    const fixture = referenceData()
    const seeded = await seedReferenceData(db, fixture)
    if (E.isLeft(seeded)) throw new Error(`the generated reference data was refused: ${JSON.stringify(seeded.left)}`)
    await sequelize.query(`CREATE TABLE ${BARE_TABLE} (id uuid PRIMARY KEY)`)
    const creates = benchCreates(CREATES, new Date())

    // (a) the row of one create, written straight in.
    const sample = creates[1]
    if (sample === undefined || sample.caller.role !== 'STAFF') throw new Error('the fixture has no staff create')
    const orgId = sample.caller.org_id
    const actor = { sub: 'bench-staff', role: 'STAFF', org_id: orgId } as Actor
    const [row] = await resolvedRows(db, importBatchId({ organization_id: orgId, content_sha256: 'bench' }), actor, [
      { row: 1, patient_id: sample.caller.patient_id, body: sample.body },
    ])
    if (row === undefined) throw new Error('the sample create did not resolve')
    // Both stacks are up together (the idle one waits on Redis and costs nothing), and each level runs (a), (b)
    // and the service back to back: this machine's speed drifts over minutes, and a ratio of series measured
    // minutes apart measured the drift as much as the stacks.
    const bareStack = await startBareStack()
    running.push(bareStack)
    const bareRequests = [{ path: BARE_PATH, headers: { 'content-type': 'application/json' }, body: '{}' }]
    await driveHttp({ url: bareStack.url, requests: bareRequests, concurrency: 16, seconds: 2, expectStatus: 201 })

    const key = values.url === undefined ? jwtSecret : verificationKey(base).key
    const sign = (claims: object) =>
      jwt.sign(claims, key, { algorithm: 'HS256', subject: 'bench-caller', expiresIn: 3 * 3600 })
    const service = values.url === undefined ? await startService() : undefined
    if (service !== undefined) running.push(service)
    if (values.url !== undefined) {
      const target = openDatabase(base.DATABASE_URL, { poolMax: 2 })
      const upserted = await seedReferenceData(target, fixture).finally(() => target.sequelize.close())
      if (E.isLeft(upserted)) throw new Error('the running stack refused the generated reference data')
    }
    const url = values.url ?? service?.url ?? ''
    const requests: HttpRequestSpec[] = creates.map(({ caller, body }) => ({
      path:
        caller.role === 'USER' ? WAITLIST_REQUESTS_PATH : `${WAITLIST_REQUESTS_PATH}?patient_id=${caller.patient_id}`,
      headers: { authorization: `Bearer ${tokenFor(caller, sign)}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }))
    // Every distinct create once before measuring, so the worker's reference-data cache holds what the creates
    // use, as in a worker that has been running a while; this first pass is reported on its own.
    const firstPass = await driveHttp({
      url,
      requests,
      concurrency: 64,
      amount: requests.length,
      expectStatus: 201,
    })
    log(`service first pass, cold cache, c=64: ${line(firstPass)}`)

    const direct: Series = { name: 'ceiling (a): pg insert', levels: [] }
    const bare: Series = { name: 'ceiling (b): bare Koa+BullMQ+worker+insert', levels: [] }
    const ours: Series = { name: 'POST /apis/v1/waitlist-requests', levels: [] }
    for (const concurrency of LEVELS) {
      const measured = {
        a: await driveDirectInserts({ databaseUrl: benchDatabase, row, concurrency, seconds: SECONDS }),
        b: await driveHttp({
          url: bareStack.url,
          requests: bareRequests,
          concurrency,
          seconds: SECONDS,
          expectStatus: 201,
        }),
        service: await driveHttp({ url, requests, concurrency, seconds: SECONDS, expectStatus: 201 }),
      }
      direct.levels.push(measured.a)
      bare.levels.push(measured.b)
      ours.levels.push(measured.service)
      log(`(a) c=${concurrency}: ${line(measured.a)}`)
      log(`(b) c=${concurrency}: ${line(measured.b)}`)
      log(`service c=${concurrency}: ${line(measured.service)}`)
    }
    await bareStack.stop()

    const best = Math.max(...ours.levels.map((level) => level.requestsPerSecond))
    const soakRate = SOAK_RATE ?? Math.round(best / 2)
    const memory =
      service === undefined || SOAK_SECONDS === 0
        ? undefined
        : await soak({
            url,
            requests,
            rate: soakRate === 0 ? undefined : soakRate,
            seconds: SOAK_SECONDS,
            pids: service.pids,
            redisUrl: base.REDIS_URL,
            prefix,
          })
    if (memory !== undefined) {
      const { growth, cpuMicrosecondsPerCreate } = memory
      log(`soak at ${memory.rate}/s: ${line(memory.figures)}; ${JSON.stringify({ growth, cpuMicrosecondsPerCreate })}`)
    }

    const results = {
      date: new Date().toISOString(),
      machine: {
        cores: cpus().length,
        cpu: cpus()[0]?.model ?? 'unknown',
        memoryGiB: Math.round(totalmem() / 2 ** 30),
      },
      versions: await versions(db),
      // Every process of the run inherits these (.npmrc sets them for npm run): part of what was measured.
      nodeOptions: process.env['NODE_OPTIONS'] ?? '',
      command: `npm run bench -- --duration ${SECONDS} --concurrency ${LEVELS.join(',')} --soak ${SOAK_SECONDS}${SOAK_RATE === undefined ? '' : ` --soak-rate ${SOAK_RATE}`}`,
      target: values.url ?? 'own processes: start-ingress.js and one start-worker.js',
      fixture: { ...seeded.right, distinctCreates: CREATES },
      load: { start: startLoad, end: load() },
      series: [ours, direct, bare],
      firstPass: { note: 'each distinct create once at c=64 before the series, the worker cache cold', ...firstPass },
      memory,
    }
    const resultsDir = resolve(__dirname, '..', '..', 'bench', 'results')
    await mkdir(resultsDir, { recursive: true })
    const file = resolve(resultsDir, `create-${results.date.replace(/[:.]/g, '-')}.json`)
    await writeFile(file, `${JSON.stringify(results, null, 2)}\n`)
    process.stdout.write(
      `${markdown(ours, direct, bare)}\n\nfirst pass (each of the ${CREATES} creates once, worker cache cold), c=64: ${line(firstPass)}\n\nwritten to ${file}\n`,
    )
  } finally {
    await cleanUp()
  }
}

const fixed = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '–')

const line = (f: LoadFigures | undefined) =>
  f === undefined
    ? ''
    : `${fixed(f.requestsPerSecond)} req/s, p50 ${fixed(f.p50, 1)} ms, p90 ${fixed(f.p90, 1)} ms, p99 ${fixed(f.p99, 1)} ms, ${f.errors} errors`

const markdown = (ours: Series, direct: Series, bare: Series): string =>
  [
    '| concurrency | series | req/s | p50 ms | p90 ms | p99 ms | errors |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: |',
    ...ours.levels.flatMap((level, index) =>
      [level, direct.levels[index], bare.levels[index]].flatMap((f, series) =>
        f === undefined
          ? []
          : [
              `| ${f.concurrency} | ${['service', 'ceiling (a) pg', 'ceiling (b) bare stack'][series]} | ${fixed(f.requestsPerSecond)} | ${fixed(f.p50, 1)} | ${fixed(f.p90, 1)} | ${fixed(f.p99, 1)} | ${f.errors} |`,
            ],
      ),
    ),
    '',
    '| concurrency | service / (a) | service / (b) |',
    '| ---: | ---: | ---: |',
    ...ours.levels.map((level, index) => {
      const ratio = (ceiling: LoadFigures | undefined) =>
        ceiling === undefined ? '–' : `${fixed((100 * level.requestsPerSecond) / ceiling.requestsPerSecond)} %`
      return `| ${level.concurrency} | ${ratio(direct.levels[index])} | ${ratio(bare.levels[index])} |`
    }),
  ].join('\n')

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exit(1)
})
