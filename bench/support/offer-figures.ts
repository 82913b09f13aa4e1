import { setTimeout as sleep } from 'node:timers/promises'
import { QueryTypes } from 'sequelize'
import type { Config } from '../../shared/config/config'
import type { Database } from '../../worker/db/connection'
import { percentile } from '../../test/support/percentiles'
import { benchStaffToken, benchToken } from './waitlist-fixture'

/**
 * Issue 14's offer figures on the `bench:matching` fixture, through the real
 * ingress and worker processes: a race of 20 accepts on one opening, openings
 * posted at a fixed rate with the time until their first round's offers are
 * stored, and accepts at fixed concurrencies, each on offers of its own.
 */

/** The body of `POST /apis/v1/openings` and whose organization it is. */
export interface OpeningToPost {
  readonly organization_id: string
  readonly body: Record<string, unknown>
}

interface OfferBench {
  readonly db: Database
  readonly config: Config
  readonly baseUrl: string
}

const setPolicy = (db: Database, organizations: string | null, policy: Record<string, unknown>) =>
  db.sequelize.query(`UPDATE organizations SET waitlist_offers = $1::jsonb WHERE $2::text IS NULL OR id = $2`, {
    bind: [JSON.stringify(policy), organizations],
  })

const post = async (bench: OfferBench, path: string, token: string, body?: unknown) => {
  const started = performance.now()
  const response = await fetch(`${bench.baseUrl}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  })
  const answer = (await response.json()) as Record<string, unknown>
  return { status: response.status, answer, ms: performance.now() - started }
}

const openSlot = async (bench: OfferBench, opening: OpeningToPost): Promise<string> => {
  const { status, answer } = await post(
    bench,
    '/apis/v1/openings',
    benchStaffToken(bench.config, opening.organization_id),
    opening.body,
  )
  const data = answer['data'] as Record<string, unknown> | null
  if ((status !== 201 && status !== 202) || typeof data?.['id'] !== 'string')
    throw new Error(`opening a slot answered ${status}`)
  return data['id']
}

interface PendingOffer {
  readonly id: string
  readonly opening_id: string
  readonly patient_id: string
}

const pendingOffers = (db: Database, openingIds: ReadonlyArray<string>) =>
  db.sequelize.query<PendingOffer>(
    `SELECT DISTINCT ON (opening_id) id, opening_id, patient_id FROM offers
     WHERE status = 'PENDING' AND opening_id = ANY($1::uuid[]) ORDER BY opening_id, rank`,
    { bind: [openingIds], type: QueryTypes.SELECT },
  )

const acceptAs = (bench: OfferBench, offer: PendingOffer) =>
  post(
    bench,
    `/apis/v1/offers/${offer.id}/accept`,
    benchToken(bench.config, { role: 'USER', patient_id: offer.patient_id }, `user-${offer.patient_id}`),
  )

/** Polls until `done` gives true, for at most 60 s: a POST answered 202 has its job still to run. */
const settled = async (what: string, done: () => Promise<boolean>): Promise<void> => {
  const deadline = Date.now() + 60_000
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within 60 s`)
    await sleep(100)
  }
}

/** Whether the first round of every one of these openings has run (with offers or with nobody to offer). */
const roundsRan = async (db: Database, openingIds: ReadonlyArray<string>): Promise<boolean> => {
  const [{ waiting }] = (await db.sequelize.query<{ waiting: number }>(
    `SELECT count(*)::int AS waiting FROM unnest($1::uuid[]) AS posted (id)
     WHERE NOT EXISTS (SELECT 1 FROM openings o WHERE o.id = posted.id AND o.round_phase <> 'new')`,
    { bind: [openingIds], type: QueryTypes.SELECT },
  )) as [{ waiting: number }]
  return waiting === 0
}

/** 20 patients accept their offers of one opening at once: exactly one may book it. */
const race = async (bench: OfferBench, opening: OpeningToPost): Promise<string[]> => {
  await setPolicy(bench.db, opening.organization_id, { quiet_hours: null, batch_size: 20 })
  const id = await openSlot(bench, opening)
  await settled("the race's first round", () => roundsRan(bench.db, [id]))
  const offers = await bench.db.sequelize.query<PendingOffer>(
    `SELECT id, opening_id, patient_id FROM offers WHERE opening_id = $1 AND status = 'PENDING'`,
    { bind: [id], type: QueryTypes.SELECT },
  )
  if (offers.length < 20) throw new Error(`the race's opening got ${offers.length} offers, not 20`)
  const answers = await Promise.all(offers.map((offer) => acceptAs(bench, offer)))
  const [{ accepted }] = (await bench.db.sequelize.query<{ accepted: number }>(
    `SELECT count(*)::int AS accepted FROM offers WHERE opening_id = $1 AND status = 'ACCEPTED'`,
    { bind: [id], type: QueryTypes.SELECT },
  )) as [{ accepted: number }]
  const count = (status: number) => answers.filter((answer) => answer.status === status).length
  if (count(200) !== 1 || count(409) !== 19 || accepted !== 1)
    throw new Error(`the race gave ${count(200)} × 200, ${count(409)} × 409, ${accepted} accepted offers`)
  return [`20 concurrent accepts on one opening: 1 × 200, 19 × 409, 1 ACCEPTED offer, 1 booking`]
}

const ms = (values: ReadonlyArray<number>) =>
  `median ${percentile(values, 50).toFixed(1)} ms, p99 ${percentile(values, 99).toFixed(1)} ms, ` +
  `max ${percentile(values, 100).toFixed(1)} ms`

/** Openings posted at `rate` a second for `seconds`, each timed until its first round's offers are stored. */
const firstRounds = async (
  bench: OfferBench,
  next: () => OpeningToPost,
  rate: number,
  seconds: number,
): Promise<{ lines: string[]; openingIds: string[] }> => {
  await setPolicy(bench.db, null, { quiet_hours: null })
  const posted: Array<Promise<{ id: string; sentAt: number; answeredMs: number }>> = []
  const started = performance.now()
  for (let n = 0; n < rate * seconds; n++) {
    // Open loop: each opening at its own moment, whether or not the ones before were answered.
    const due = started + (n * 1000) / rate
    const wait = due - performance.now()
    if (wait > 0) await sleep(wait)
    const sentAt = Date.now()
    const sent = performance.now()
    posted.push(openSlot(bench, next()).then((id) => ({ id, sentAt, answeredMs: performance.now() - sent })))
  }
  const openings = await Promise.all(posted)
  const elapsed = (performance.now() - started) / 1000
  // The open-slot job runs the first round before it completes; a POST answered 202 has that still to come.
  await settled('every first round', () =>
    roundsRan(
      bench.db,
      openings.map((opening) => opening.id),
    ),
  )
  const firsts = await bench.db.sequelize.query<{ opening_id: string; first: Date }>(
    `SELECT opening_id, min(created_at) AS first FROM offers WHERE opening_id = ANY($1::uuid[]) GROUP BY opening_id`,
    { bind: [openings.map((opening) => opening.id)], type: QueryTypes.SELECT },
  )
  const firstOf = new Map(firsts.map((row) => [row.opening_id, row.first.getTime()]))
  const untilOffers = openings.flatMap((opening) => {
    const first = firstOf.get(opening.id)
    return first === undefined ? [] : [first - opening.sentAt]
  })
  return {
    openingIds: openings.map((opening) => opening.id),
    lines: [
      `openings posted: ${openings.length} at ${(openings.length / elapsed).toFixed(1)}/s; ` +
        `${untilOffers.length} got offers, ${openings.length - untilOffers.length} had nobody to offer`,
      `POST /apis/v1/openings answered: ${ms(openings.map((opening) => opening.answeredMs))}`,
      `opening posted → first round's offers stored: ${ms(untilOffers)}`,
    ],
  }
}

/** One PENDING offer of each opening accepted by its patient, `concurrency` accepts in flight at all times. */
const accepts = async (bench: OfferBench, openingIds: ReadonlyArray<string>, concurrency: number) => {
  const offers = await pendingOffers(bench.db, openingIds)
  const latencies: number[] = []
  const statuses = new Map<number, number>()
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let offer = offers[next++]; offer !== undefined; offer = offers[next++]) {
        const answer = await acceptAs(bench, offer)
        latencies.push(answer.ms)
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1)
      }
    }),
  )
  const seconds = (performance.now() - started) / 1000
  const answered = [...statuses].map(([status, n]) => `${n} × ${status}`).join(', ')
  return [
    `accepts at ${concurrency} concurrent: ${offers.length} in ${seconds.toFixed(1)} s (${answered}); ${ms(latencies)}`,
  ]
}

export const offerFigures = async (
  bench: OfferBench,
  input: {
    readonly raceOpening: OpeningToPost
    readonly nextOpening: () => OpeningToPost
    readonly rate: number
    readonly seconds: number
    readonly concurrencies: ReadonlyArray<number>
  },
): Promise<string[]> => {
  const raced = await race(bench, input.raceOpening)
  const rounds = await firstRounds(bench, input.nextOpening, input.rate, input.seconds)
  const accepted: string[] = []
  // Each level takes its share of the openings: an accepted offer's opening is FILLED for the next.
  const share = Math.floor(rounds.openingIds.length / input.concurrencies.length)
  for (const [level, concurrency] of input.concurrencies.entries())
    accepted.push(...(await accepts(bench, rounds.openingIds.slice(level * share, (level + 1) * share), concurrency)))
  return [...raced, ...rounds.lines, ...accepted]
}
