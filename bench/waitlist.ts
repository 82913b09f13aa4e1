import { dropDatabase } from '../worker/db/database-lifecycle'
import { performance } from 'node:perf_hooks'
import { Queue, QueueEvents } from 'bullmq'
import { Redis as IORedis } from 'ioredis'
import jwt from 'jsonwebtoken'
import { QueryTypes, type Sequelize } from 'sequelize'
import type { Config } from '../shared/config/config'
import { QUEUE_NAME } from '../shared/queue/waitlist-queue'
import { EXPIRE_JOB_NAME } from '../shared/queue/expire-waitlist-requests-job'
import { verificationKey } from '../ingress/auth/verification-key'
import { openDatabase } from '../worker/db/connection'
import { migrateDatabase } from '../worker/db/migrate'
import { startIngress } from '../ingress/main'
import { startWorker } from '../worker/main'
import { loggedOfferPorts } from '../worker/offers/offer-services'
import { createLogger, loadConfig } from '../scripts/runtime'

/**
 * `npm run bench:waitlist`: issue 5's scale figures. A throwaway database
 * gets 1,000,000 requests across 200 clinics (in 20 organizations, on clinics
 * in zones from UTC−11 to UTC+14), generated set-based in PostgreSQL; then
 * (1) the first page of a clinic's active waitlist through the real HTTP
 * ingress, timed many times, and (2) one expiry sweep of the 100,000 requests
 * that are due, as a job through the queue and a worker. The database and the
 * queue keys are removed afterwards, whatever happens.
 */

const REQUESTS = 1_000_000
const CLINICS = 200
const ORGANIZATIONS = 20
const PAGE_SAMPLES = 500
const ZONES = [
  'Pacific/Pago_Pago',
  'Pacific/Honolulu',
  'America/Los_Angeles',
  'America/Denver',
  'America/Chicago',
  'America/New_York',
  'Europe/London',
  'Europe/Berlin',
  'Asia/Kolkata',
  'Asia/Tokyo',
  'Pacific/Auckland',
  'Pacific/Kiritimati',
]

const timed = async <A>(label: string, work: () => Promise<A>): Promise<{ value: A; ms: number }> => {
  const started = performance.now()
  const value = await work()
  const ms = performance.now() - started
  process.stdout.write(`${label}: ${(ms / 1000).toFixed(1)} s\n`)
  return { value, ms }
}

const percentile = (sorted: ReadonlyArray<number>, p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN

/** Reference data and requests, all from generate_series: a million rows in seconds, not a million round trips. */
const generate = async (sequelize: Sequelize): Promise<void> => {
  const zones = ZONES.map((zone) => `'${zone}'`).join(', ')
  await sequelize.query(`
    INSERT INTO organizations (id, name, waitlist_enabled, waitlist_max_span_days)
      SELECT 'org-' || o, 'Organization ' || o, true, 60 FROM generate_series(0, ${ORGANIZATIONS - 1}) o;
    INSERT INTO clinics (id, organization_id, name, timezone)
      SELECT 'clinic-' || c, 'org-' || (c % ${ORGANIZATIONS}), 'Clinic ' || c,
             (ARRAY[${zones}])[1 + c % ${ZONES.length}]
      FROM generate_series(0, ${CLINICS - 1}) c;
    INSERT INTO providers (id, first_name, last_name, title)
      SELECT 'prov-' || p, 'First' || p, 'Last' || p, 'PT' FROM generate_series(0, ${CLINICS * 5 - 1}) p;
    INSERT INTO provider_clinics (provider_id, clinic_id)
      SELECT 'prov-' || p, 'clinic-' || (p % ${CLINICS}) FROM generate_series(0, ${CLINICS * 5 - 1}) p;
    INSERT INTO patients (id, organization_id, first_name, last_name)
      SELECT 'pat-' || o || '-' || n, 'org-' || o, 'First' || n, 'Last' || n
      FROM generate_series(0, ${ORGANIZATIONS - 1}) o, generate_series(0, 999) n;
    INSERT INTO appointment_categories (id, name, appointment_type, duration_minutes)
      SELECT 'cat-' || k, 'Category ' || k, CASE WHEN k % 2 = 0 THEN 'INITIAL_EVAL' ELSE 'FOLLOW_UP' END, 30 + 15 * (k % 3)
      FROM generate_series(0, 4) k;
    INSERT INTO category_clinics (category_id, clinic_id)
      SELECT 'cat-' || k, 'clinic-' || c FROM generate_series(0, 4) k, generate_series(0, ${CLINICS - 1}) c;
  `)
  // One in ten requests is ACTIVE with an end already past everywhere (the 100,000 the sweep must expire), three in
  // ten have ended, the rest are ACTIVE and current. created_at is whole milliseconds, as the service writes it.
  await sequelize.query(`
    INSERT INTO waitlist_requests (
      id, organization_id, clinic_id, patient_id, preferred_providers, preferred_time_slots, preferred_days,
      date_range_start, date_range_end, appointment_category_id, appointment_category, appointment_type,
      appointment_duration, payment_type, priority, status, notes, created_at, updated_at, created_by, updated_by)
    SELECT gen_random_uuid(), 'org-' || (c % ${ORGANIZATIONS}), 'clinic-' || c,
           'pat-' || (c % ${ORGANIZATIONS}) || '-' || (g % 1000),
           ARRAY['prov-' || c], ARRAY['MORNING'], ARRAY['MONDAY', 'FRIDAY'],
           e - (g % 20), e, 'cat-' || (g % 5), 'Category ' || (g % 5),
           CASE WHEN g % 5 % 2 = 0 THEN 'INITIAL_EVAL' ELSE 'FOLLOW_UP' END, 30 + 15 * (g % 5 % 3),
           CASE WHEN g % 2 = 0 THEN 'SELF_PAY' ELSE 'INSURANCE_PAY' END, 1 + (g::bigint * 7919) % 5,
           CASE g % 10 WHEN 1 THEN 'FULFILLED' WHEN 2 THEN 'CANCELLED' WHEN 3 THEN 'EXPIRED' ELSE 'ACTIVE' END,
           NULL, t, t, 'bench', 'bench'
    FROM (
      SELECT g, g % ${CLINICS} AS c,
             CASE WHEN g % 10 = 0 THEN current_date - 3 - (g % 30) ELSE current_date + 2 + (g % 45) END AS e,
             date_trunc('milliseconds', now() - make_interval(secs => (g * 4.7) % (60 * 86400))) AS t
      FROM generate_series(1, ${REQUESTS}) g
    ) s
  `)
  await sequelize.query(`
    INSERT INTO waitlist_request_history (request_id, version, event, actor, at)
      SELECT id, 1, 'created', created_by, created_at FROM waitlist_requests
  `)
  await sequelize.query('VACUUM ANALYZE')
  // Generation leaves a checkpoint's worth of dirty pages behind; flush them so the sweep is timed on its own work.
  await sequelize.query('CHECKPOINT')
}

const benchConfig = (): Config => {
  const base = loadConfig()
  const url = new URL(base.DATABASE_URL)
  url.pathname = `/waitlist_bench_${process.pid}`
  return {
    ...base,
    DATABASE_URL: url.toString(),
    QUEUE_PREFIX: `{waitlist-bench-${process.pid}}`,
    PORT: 0,
    LOG_LEVEL: 'silent',
    EXPIRY_SWEEP_INTERVAL_MS: 0,
  }
}

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
      () => generate(sequelize),
    )

    const ingress = await startIngress(config, logger)
    cleanups.unshift(() => ingress.stop())
    const key = verificationKey(config)
    const token = jwt.sign({ role: 'STAFF', org_id: 'org-7' }, key.key, {
      algorithm: 'HS256',
      subject: 'bench',
      expiresIn: 3600,
      ...(key.issuer === undefined ? {} : { issuer: key.issuer }),
      ...(key.audience === undefined ? {} : { audience: key.audience }),
    })
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
    const worker = await startWorker(config, logger, loggedOfferPorts(logger))
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
