import { performance } from 'node:perf_hooks'
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { DateTime } from 'luxon'
import { QueryTypes } from 'sequelize'
import type { ValidOpening } from '../shared/openings/create-opening'
import type { OpeningId } from '../shared/openings/opening-id'
import { newOpening } from '../shared/openings/opening-payload'
import type { OpeningAtClinic } from '../shared/openings/slot-facts'
import type { TimeZone } from '../shared/codecs/time-zone'
import { startIngress } from '../ingress/main'
import { createLogger } from '../scripts/runtime'
import { openDatabase } from '../worker/db/connection'
import { dropDatabase } from '../worker/db/database-lifecycle'
import { migrateDatabase } from '../worker/db/migrate'
import { candidatePrefilter, findRankedCandidates, selectCandidateRequests } from '../worker/openings/find-candidates'
import { findRecentEndedOffers } from '../worker/offers/patient-offers'
import { insertOpening } from '../worker/openings/opening-repository'
import { percentile } from '../test/support/percentiles'
import { benchServiceEnv, spawnNode } from './support/bench-processes'
import { offerFigures, type OpeningToPost } from './support/offer-figures'
import {
  WAITLIST_FIXTURE,
  benchConfig,
  benchStaffToken,
  generateWaitlist,
  timed,
  zoneOfClinic,
} from './support/waitlist-fixture'

/**
 * `npm run bench:matching`: issue 13's scale figures. The `bench:waitlist`
 * fixture (1,000,000 requests across 200 clinics, `--requests N` for fewer),
 * then random openings (any clinic, one of its providers, 1–40 days ahead at
 * 07:00–19:45 local, 30–60 minutes, half with categories): the ranked
 * candidates of each (the SQL pre-filter, then fit and rank on every row), the
 * pre-filter alone, and `GET /apis/v1/openings/{id}/candidates` through the
 * real ingress; then EXPLAIN (ANALYZE, BUFFERS) of one pre-filter; then,
 * with worker processes, issue 14's offer figures (bench/support/offer-figures.ts):
 * 20 concurrent accepts on one opening, openings posted at 50/s for
 * `--offer-seconds` (30) timed until their first round's offers, and accepts
 * at 50 concurrent. The database is dropped afterwards, whatever happens.
 */

const flag = (name: string, fallback: number): number => {
  const index = process.argv.indexOf(`--${name}`)
  const value = index < 0 ? undefined : Number(process.argv[index + 1])
  return value !== undefined && Number.isInteger(value) && value > 0 ? value : fallback
}

const REQUESTS = flag('requests', WAITLIST_FIXTURE.requests)
const OPENINGS = flag('openings', 1_000)
const OFFER_SECONDS = flag('offer-seconds', 30)
const OFFER_RATE = 50
// Accepts at each of these concurrencies in turn (`--accept-concurrency 1,10,50`), the last the figure.
const ACCEPT_CONCURRENCIES = (() => {
  const index = process.argv.indexOf('--accept-concurrency')
  const levels = (index < 0 ? '1,10,50' : (process.argv[index + 1] ?? '')).split(',').map(Number)
  return levels.every((n) => Number.isInteger(n) && n > 0) ? levels : [1, 10, 50]
})()
const WORKERS = 2
const HTTP_OPENINGS = Math.min(OPENINGS, 300)
const WARM_UP = 100

/** A fixed seed, so every run asks about the same openings (mulberry32). */
const random = (() => {
  let state = 0x5eed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
})()
const pick = (n: number) => Math.floor(random() * n)

interface BenchOpening {
  readonly organization_id: string
  readonly opening: OpeningAtClinic
}

const randomOpening = (): BenchOpening => {
  const { clinics, organizations, providersPerClinic } = WAITLIST_FIXTURE
  const c = pick(clinics)
  const timezone = zoneOfClinic(c) as TimeZone
  const local = DateTime.now()
    .setZone(timezone)
    .startOf('day')
    .plus({ days: 1 + pick(40), hours: 7, minutes: 15 * pick(52) })
  const categories = pick(2) === 0 ? [] : [...new Set([`cat-${pick(5)}`, `cat-${pick(5)}`])]
  return {
    organization_id: `org-${c % organizations}`,
    opening: {
      clinic_id: `clinic-${c}`,
      provider_id: `prov-${c + clinics * pick(providersPerClinic)}`,
      start: local.toUTC().toISO(),
      duration_minutes: [30, 45, 60][pick(3)],
      appointment_category_ids: categories,
      released_by_patient_id:
        pick(10) === 0 ? `pat-${c % organizations}-${pick(WAITLIST_FIXTURE.patientsPerOrganization)}` : null,
      timezone,
    } as unknown as OpeningAtClinic,
  }
}

/** The same random opening as `POST /apis/v1/openings` takes it. */
const openingToPost = ({ organization_id, opening }: BenchOpening): OpeningToPost => ({
  organization_id,
  body: {
    clinic_id: opening.clinic_id,
    provider_id: opening.provider_id,
    start: opening.start,
    duration_minutes: opening.duration_minutes,
    appointment_category_ids: opening.appointment_category_ids,
  },
})

/** A weekday mid-morning at clinic 0 three days ahead, any category: a slot many of its waitlist fit. */
const raceOpening = (): OpeningToPost => {
  const timezone = zoneOfClinic(0)
  let day = DateTime.now().setZone(timezone).startOf('day').plus({ days: 3 })
  while (day.weekday > 5) day = day.plus({ days: 1 })
  return {
    organization_id: 'org-0',
    body: {
      clinic_id: 'clinic-0',
      provider_id: 'prov-0',
      start: day.plus({ hours: 10 }).toISO(),
      // Long enough for every category's appointment, so most of the clinic's waitlist fits it.
      duration_minutes: 60,
      appointment_category_ids: [],
    },
  }
}

const summary = (label: string, samples: ReadonlyArray<number>) =>
  `${label}: median ${percentile(samples, 50).toFixed(2)} ms, p95 ${percentile(samples, 95).toFixed(2)} ms, ` +
  `p99 ${percentile(samples, 99).toFixed(2)} ms, max ${percentile(samples, 100).toFixed(2)} ms (${samples.length} samples)`

const main = async () => {
  const config = benchConfig()
  const logger = createLogger(config, 'bench')
  const cleanups: Array<() => Promise<unknown>> = []
  try {
    await dropDatabase(config.DATABASE_URL)
    cleanups.push(() => dropDatabase(config.DATABASE_URL))
    await migrateDatabase(config, logger)
    const db = openDatabase(config.DATABASE_URL, { poolMax: 2 })
    cleanups.unshift(() => db.sequelize.close())
    await timed(`generate ${REQUESTS.toLocaleString('en')} requests in ${WAITLIST_FIXTURE.clinics} clinics`, () =>
      generateWaitlist(db.sequelize, REQUESTS),
    )

    const openings = Array.from({ length: OPENINGS }, randomOpening)
    const ranked = findRankedCandidates(db, findRecentEndedOffers(db))
    const now = new Date()
    for (const { opening } of openings.slice(0, WARM_UP)) await ranked(opening, now)

    const whole: number[] = []
    const counts: number[] = []
    for (const { opening } of openings) {
      const started = performance.now()
      const candidates = await ranked(opening, now)
      whole.push(performance.now() - started)
      counts.push(candidates.length)
    }
    const prefilterOnly: number[] = []
    for (const { opening } of openings) {
      const started = performance.now()
      await selectCandidateRequests(db, opening)
      prefilterOnly.push(performance.now() - started)
    }

    // Through HTTP: the same openings stored as the worker stores them, read by the real ingress.
    const stored = await Promise.all(
      openings.slice(0, HTTP_OPENINGS).map(async ({ organization_id, opening }) => {
        const payload = newOpening({
          id: randomUUID() as OpeningId,
          opening: { ...opening, external_id: undefined } as unknown as ValidOpening,
          created_by: 'bench',
          now,
        })
        await insertOpening(db, { organization_id, timezone: opening.timezone, opening: payload })
        return { organization_id, id: payload.id }
      }),
    )
    const ingress = await startIngress(config, logger)
    cleanups.unshift(() => ingress.stop())
    const tokens = new Map<string, string>()
    const tokenOf = (organization: string) => {
      const known = tokens.get(organization) ?? benchStaffToken(config, organization)
      tokens.set(organization, known)
      return known
    }
    const overHttp: number[] = []
    for (const [index, { organization_id, id }] of [...stored, ...stored].entries()) {
      const started = performance.now()
      const response = await fetch(`http://127.0.0.1:${ingress.port}/apis/v1/openings/${id}/candidates`, {
        headers: { Authorization: `Bearer ${tokenOf(organization_id)}` },
      })
      await response.json()
      if (response.status !== 200) throw new Error(`candidates of ${id}: ${response.status}`)
      // The first round warms the ingress; the second is measured.
      if (index >= stored.length) overHttp.push(performance.now() - started)
    }

    // The plan of the opening whose candidate count is the median's.
    const typical = openings[counts.indexOf([...counts].sort((a, b) => a - b)[Math.floor(counts.length / 2)] ?? 0)]
    const explained = typical === undefined ? { sql: 'SELECT 1', bind: [] } : candidatePrefilter(typical.opening)
    const plan = await db.sequelize.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${explained.sql}`, {
      bind: explained.bind,
      type: QueryTypes.SELECT,
    })
    const indexes = await db.sequelize.query<{ indexdef: string }>(
      "SELECT indexdef FROM pg_indexes WHERE tablename = 'waitlist_requests' ORDER BY indexname",
      { type: QueryTypes.SELECT },
    )
    const [{ active }] = (await db.sequelize.query<{ active: number }>(
      "SELECT count(*)::int AS active FROM waitlist_requests WHERE status = 'ACTIVE'",
      { type: QueryTypes.SELECT },
    )) as [{ active: number }]

    process.stdout.write(
      [
        '',
        `requests: ${REQUESTS.toLocaleString('en')} in ${WAITLIST_FIXTURE.clinics} clinics, ${active.toLocaleString('en')} ACTIVE`,
        `openings: ${OPENINGS} random (after ${WARM_UP} warm-up); candidates per opening: median ${percentile(counts, 50)}, p99 ${percentile(counts, 99)}, max ${percentile(counts, 100)}`,
        summary('ranked candidates (pre-filter, fit, rank)', whole),
        summary('pre-filter alone (SQL and decoding)', prefilterOnly),
        summary('GET /apis/v1/openings/{id}/candidates through HTTP', overHttp),
        '',
        'indexes on waitlist_requests:',
        ...indexes.map((index) => `  ${index.indexdef}`),
        '',
        `EXPLAIN (ANALYZE, BUFFERS) of the pre-filter for ${JSON.stringify(explained.bind)}:`,
        ...plan.map((line) => `  ${line['QUERY PLAN']}`),
        '',
      ].join('\n'),
    )

    const workers = Array.from({ length: WORKERS }, () =>
      spawnNode(
        join(__dirname, '../worker/main.js'),
        [],
        {
          ...benchServiceEnv,
          DATABASE_URL: config.DATABASE_URL,
          REDIS_URL: config.REDIS_URL,
          QUEUE_PREFIX: config.QUEUE_PREFIX,
          LOG_LEVEL: 'silent',
          EXPIRY_SWEEP_INTERVAL_MS: '0',
        },
        process.env['BENCH_WORKER_NODE_ARGS']?.split(' ') ?? [],
      ),
    )
    cleanups.unshift(() => Promise.all(workers.map((worker) => worker.stop())))
    const offers = await offerFigures(
      { db, config, baseUrl: `http://127.0.0.1:${ingress.port}` },
      {
        raceOpening: raceOpening(),
        nextOpening: () => openingToPost(randomOpening()),
        rate: OFFER_RATE,
        seconds: OFFER_SECONDS,
        concurrencies: ACCEPT_CONCURRENCIES,
      },
    )
    process.stdout.write([`offers (${WORKERS} worker processes, the API in this process):`, ...offers, ''].join('\n'))
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined)
    process.stdout.write(`dropped database ${new URL(config.DATABASE_URL).pathname.slice(1)}\n`)
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
