import { dropDatabase } from '../worker/db/database-lifecycle'
import { performance } from 'node:perf_hooks'
import { Queue, QueueEvents } from 'bullmq'
import { Redis as IORedis } from 'ioredis'
import { QueryTypes } from 'sequelize'
import { QUEUE_NAME } from '../shared/queue/waitlist-queue'
import { EXPIRE_JOB_NAME } from '../shared/queue/expire-waitlist-requests-job'
import { openDatabase } from '../worker/db/connection'
import { migrateDatabase } from '../worker/db/migrate'
import { startIngress } from '../ingress/main'
import { startWorker } from '../worker/main'
import { createLogger } from '../scripts/runtime'
import { WAITLIST_FIXTURE, benchConfig, benchStaffToken, generateWaitlist, timed } from './support/waitlist-fixture'

/**
 * `npm run bench:waitlist`: issue 5's scale figures. A throwaway database
 * gets 1,000,000 requests across 200 clinics (in 20 organizations, on clinics
 * in zones from UTC−11 to UTC+14), generated set-based in PostgreSQL; then
 * (1) the first page of a clinic's active waitlist through the real HTTP
 * ingress, timed many times, and (2) one expiry sweep of the 100,000 requests
 * that are due, as a job through the queue and a worker. The database and the
 * queue keys are removed afterwards, whatever happens.
 */

const { requests: REQUESTS, clinics: CLINICS, organizations: ORGANIZATIONS } = WAITLIST_FIXTURE
const PAGE_SAMPLES = 500

const percentile = (sorted: ReadonlyArray<number>, p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN

const main = async () => {
  const config = benchConfig()
  const logger = createLogger(config, 'bench')
  const cleanups: Array<() => Promise<unknown>> = []
  try {
    await dropDatabase(config.DATABASE_URL)
    cleanups.push(() => dropDatabase(config.DATABASE_URL))
    await migrateDatabase(config, logger)
    const { sequelize } = openDatabase(config.DATABASE_URL, { poolMax: 2 })
    cleanups.unshift(() => sequelize.close())
    await timed(
      `generate ${REQUESTS.toLocaleString('en')} requests in ${CLINICS} clinics (with history, analysed)`,
      () => generateWaitlist(sequelize),
    )

    const ingress = await startIngress(config, logger)
    cleanups.unshift(() => ingress.stop())
    const token = benchStaffToken(config, 'org-7')
    // Clinics of org-7: 7, 27, 47, …; each has about 3,500 ACTIVE requests.
    const clinics = Array.from({ length: CLINICS / ORGANIZATIONS }, (_, index) => `clinic-${7 + index * ORGANIZATIONS}`)
    const firstPage = async (clinic: string) => {
      const started = performance.now()
      const response = await fetch(`http://127.0.0.1:${ingress.port}/apis/v1/waitlist-requests?clinic_id=${clinic}`, {
        headers: { Authorization: `Bearer ${token}` },
      })
      const body = (await response.json()) as { data: { items: unknown[]; next_cursor: string | null } }
      const ms = performance.now() - started
      if (response.status !== 200 || body.data.items.length !== 20 || body.data.next_cursor === null) {
        throw new Error(`unexpected first page for ${clinic}: ${response.status}`)
      }
      return ms
    }
    for (const clinic of clinics) await firstPage(clinic)
    const samples: number[] = []
    for (let sample = 0; sample < PAGE_SAMPLES; sample += 1)
      samples.push(await firstPage(clinics[sample % clinics.length]!))
    samples.sort((a, b) => a - b)

    const [{ due }] = (await sequelize.query<{ due: number }>(
      "SELECT count(*)::int AS due FROM waitlist_requests WHERE status = 'ACTIVE' AND date_range_end < current_date - 1",
      { type: QueryTypes.SELECT },
    )) as [{ due: number }]
    const worker = await startWorker(config, logger)
    cleanups.unshift(() => worker.stop())
    const connection = new IORedis(config.REDIS_URL, { maxRetriesPerRequest: null })
    const queue = new Queue(QUEUE_NAME, { connection, prefix: config.QUEUE_PREFIX })
    const events = new QueueEvents(QUEUE_NAME, { connection: connection.duplicate(), prefix: config.QUEUE_PREFIX })
    cleanups.unshift(async () => {
      const keys = await connection.keys(`${config.QUEUE_PREFIX}*`)
      if (keys.length > 0) await connection.del(...keys)
      await events.close()
      await queue.close()
      await connection.quit()
    })
    await events.waitUntilReady()
    const sweep = await timed(
      `expiry sweep of ${due.toLocaleString('en')} due requests (a job through the queue)`,
      async () => {
        const job = await queue.add(EXPIRE_JOB_NAME, { version: 1 })
        return job.waitUntilFinished(events, 120_000) as Promise<{ outcome: string; expired: number }>
      },
    )

    const lines = [
      '',
      `requests: ${REQUESTS.toLocaleString('en')} in ${CLINICS} clinics; ACTIVE per clinic: about ${Math.round((REQUESTS * 0.7) / CLINICS)}`,
      `first page of a clinic's active waitlist (GET ?clinic_id=…, 20 items, through HTTP), ${PAGE_SAMPLES} samples:`,
      `  median ${percentile(samples, 50).toFixed(1)} ms, p95 ${percentile(samples, 95).toFixed(1)} ms, max ${(samples[samples.length - 1] ?? NaN).toFixed(1)} ms`,
      `expiry sweep: ${sweep.value.expired.toLocaleString('en')} of ${due.toLocaleString('en')} due requests expired in ${(sweep.ms / 1000).toFixed(2)} s`,
      '',
    ]
    process.stdout.write(lines.join('\n'))
    if (sweep.value.expired !== due) throw new Error('the sweep did not expire every due request')
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined)
    process.stdout.write(
      `dropped database ${new URL(config.DATABASE_URL).pathname.slice(1)} and the bench queue keys\n`,
    )
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    const cause = (error as { original?: { message?: string } })?.original?.message
    process.stderr.write(`bench failed: ${cause ?? ''} ${error instanceof Error ? error.stack : String(error)}\n`)
    process.exit(1)
  },
)
