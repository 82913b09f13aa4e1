import { randomUUID } from 'node:crypto'
import { expect } from 'chai'
import * as E from 'fp-ts/Either'
import { DateTime } from 'luxon'
import { QueueEvents, type Job } from 'bullmq'
import { Redis as IORedis } from 'ioredis'
import { QueryTypes } from 'sequelize'
import { QUEUE_NAME } from '../../shared/queue/waitlist-queue'
import {
  ACCEPT_OFFER_JOB_NAME,
  DECLINE_OFFER_JOB_NAME,
  acceptOfferJobId,
  declineOfferJobId,
  type AcceptOfferJobDataInput,
  type DeclineOfferJobDataInput,
} from '../../shared/queue/offer-answer-jobs'
import { waitlistJobOptions } from '../../shared/queue/job-options'
import { seedReferenceData } from '../../worker/seed/seed-reference-data'
import { eventually } from './eventually'
import { call, createRequest, type ApiAnswer, type TestStack } from './stack'
import { patientToken, staffToken } from './tokens'

export const ORG = 'org-o'
export const CLINIC = 'clinic-o1'
/** A second clinic of the organization, in another zone. */
export const CLINIC_ELSEWHERE = 'clinic-o2'
export const PROVIDER = 'prov-o1'
export const CATEGORY = 'cat-o'

export const patient = (n: number): string => `pat-o${String(n).padStart(2, '0')}`
const PATIENTS = 60

/**
 * An organization of its own for the offer tests, so their rounds never
 * offer the requests other tests file: two clinics in the given zones, one
 * provider and one 60-minute category at both, and sixty patients; its
 * events go to `webhook`, or to the worker's log without one.
 */
export const seedOfferOrganization = async (
  stack: TestStack,
  zones: { readonly clinic: string; readonly elsewhere: string },
  webhook: { readonly url: string; readonly secret: string } | null = null,
): Promise<void> => {
  const seeded = await seedReferenceData(stack.db, {
    organizations: [{ id: ORG, name: 'Offers', waitlist: { enabled: true, max_span_days: 60 }, webhook }],
    clinics: [
      { id: CLINIC, organization_id: ORG, name: 'O1', timezone: zones.clinic },
      { id: CLINIC_ELSEWHERE, organization_id: ORG, name: 'O2', timezone: zones.elsewhere },
    ],
    providers: [
      { id: PROVIDER, clinic_ids: [CLINIC, CLINIC_ELSEWHERE], first_name: 'Ada', last_name: 'Ng', title: 'PT' },
    ],
    patients: Array.from({ length: PATIENTS }, (_, i) => ({
      id: patient(i + 1),
      organization_id: ORG,
      first_name: 'P',
      last_name: String(i + 1),
    })),
    appointment_categories: [
      {
        id: CATEGORY,
        clinic_ids: [CLINIC, CLINIC_ELSEWHERE],
        name: 'Rehab',
        appointment_type: 'INITIAL_EVAL',
        duration_minutes: 60,
      },
    ],
  })
  if (E.isLeft(seeded)) throw new Error(`offer fixtures refused: ${JSON.stringify(seeded.left)}`)
}

/**
 * A zone whose clock now reads `hour` o'clock (and some minutes), whenever the
 * test runs: noon keeps the default quiet hours (20:00 to 08:00) out of the way.
 * IANA's Etc zones invert the sign: Etc/GMT-3 is three hours ahead of UTC.
 */
export const zoneAt = (hour: number): string => {
  const offset = ((hour - new Date().getUTCHours() + 36) % 24) - 12
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`
}

export const staff = (sub = 'staff-o') => ({ sub, role: 'STAFF', org_id: ORG })
export const patientActor = (n: number) => ({ sub: `user-${patient(n)}`, role: 'USER', patient_id: patient(n) })

/** The token of a patient of the organization, by patient id (`sub` user-<id>, as patientActor). */
export const asPatient = (patientId: string): string => patientToken(patientId, `user-${patientId}`)

/** The token of staff of the organization: `sub` names the person, `role` any staff role. */
export const asStaff = (sub = 'desk-o', role = 'STAFF'): string => staffToken(ORG, role, sub)

export const OFFERS_PATH = '/apis/v1/offers'

/** The message a 409 names its reason with, field `status`; fails the test for any other answer. */
export const conflictMessage = (answer: ApiAnswer): string => {
  expect(answer.status, answer.text).to.equal(409)
  expect(answer.body).to.include({ code: 4090, data: null })
  expect(answer.body.errors).to.have.length(1)
  expect(answer.body.errors[0].field).to.equal('status')
  return answer.body.errors[0].message
}

/** `POST /apis/v1/offers/{id}/accept` or `…/decline`, with a JSON body when one is given. */
export const answerOffer = (
  stack: TestStack,
  answer: 'accept' | 'decline',
  id: string,
  token: string,
  body?: unknown,
): Promise<ApiAnswer> =>
  call(stack, 'POST', `${OFFERS_PATH}/${id}/${answer}`, { token, ...(body === undefined ? {} : { body }) })

/**
 * Files a request for patient `n` at the clinic that takes any slot on the
 * day of `slot` (on the clinic's calendar) and on no other, so a test's
 * requests fit only its own openings; answers its id.
 */
export const fileRequest = async (
  stack: TestStack,
  n: number,
  slot: DateTime,
  overrides: Record<string, unknown> = {},
): Promise<string> => {
  const answer = await createRequest(stack, asPatient(patient(n)), {
    clinic_id: CLINIC,
    date_range_start: slot.toISODate(),
    date_range_end: slot.toISODate(),
    appointment_category_id: CATEGORY,
    payment_type: 'SELF_PAY',
    ...overrides,
  })
  expect(answer.status, answer.text).to.equal(201)
  return answer.body.data.id
}

/** Opens a slot with the provider over HTTP, an hour long; answers the opening's id. */
export const openSlot = async (
  stack: TestStack,
  start: DateTime,
  overrides: Record<string, unknown> = {},
): Promise<string> => {
  const answer = await call(stack, 'POST', '/apis/v1/openings', {
    token: staffToken(ORG),
    body: {
      clinic_id: CLINIC,
      provider_id: PROVIDER,
      start: start.toISO(),
      duration_minutes: 60,
      ...overrides,
    },
  })
  expect(answer.status, answer.text).to.equal(201)
  return answer.body.data.id
}

/**
 * Slots and patients for one test file's offers, each used once: every scene
 * gets a day of its own and patients no other scene offered, so one test's
 * requests never fit another's openings.
 */
export const offerScenes = (stack: TestStack, zone: string) => {
  let nextPatient = 1
  let nextDay = 1
  const patients = (count: number) => Array.from({ length: count }, () => nextPatient++)
  const newDay = () =>
    DateTime.fromISO(`${DateTime.now().setZone(zone).plus({ days: nextDay++ }).toISODate()}T10:00`, { zone })
  return {
    patients,
    newDay,
    /** A slot of its own day, offered to `count` patients in one round: its id, their request ids and offers. */
    offered: async (count: number) => {
      const slot = newDay()
      const numbers = patients(count)
      const requests: string[] = []
      for (const n of numbers) requests.push(await fileRequest(stack, n, slot))
      const openingId = await openSlot(stack, slot)
      const offers = await offersWhen(stack, openingId, (rows) => rows.length === count)
      return { slot, openingId, numbers, requests, offers }
    },
  }
}

interface StoredOffer {
  readonly id: string
  readonly request_id: string
  readonly patient_id: string
  readonly status: string
  readonly round: number
  readonly rank: number
  readonly expires_at: Date
  readonly created_at: Date
}

export const offersOf = (stack: TestStack, openingId: string): Promise<StoredOffer[]> =>
  stack.sequelize.query<StoredOffer>(
    'SELECT id, request_id, patient_id, status, round, rank, expires_at, created_at FROM offers WHERE opening_id = $1 ORDER BY round, rank',
    { bind: [openingId], type: QueryTypes.SELECT },
  )

export const openingOf = async (stack: TestStack, openingId: string): Promise<Record<string, unknown>> => {
  const [row] = await stack.sequelize.query<Record<string, unknown>>('SELECT * FROM openings WHERE id = $1', {
    bind: [openingId],
    type: QueryTypes.SELECT,
  })
  if (row === undefined) throw new Error(`no opening ${openingId}`)
  return row
}

export const requestStatus = async (stack: TestStack, requestId: string): Promise<string> => {
  const [row] = await stack.sequelize.query<{ status: string }>('SELECT status FROM waitlist_requests WHERE id = $1', {
    bind: [requestId],
    type: QueryTypes.SELECT,
  })
  return row?.status ?? 'missing'
}

interface StoredEvent {
  readonly id: string
  readonly type: string
  readonly payload: Record<string, unknown>
  readonly delivered_at: Date | null
  readonly attempts: number
}

/** The outbox's events of one opening, oldest first; the events of one transaction share their time. */
export const outboxOf = (stack: TestStack, openingId: string): Promise<StoredEvent[]> =>
  stack.sequelize.query<StoredEvent>(
    `SELECT id, type, payload, delivered_at, attempts FROM outbox_events WHERE payload->>'opening_id' = $1
     ORDER BY created_at, type`,
    { bind: [openingId], type: QueryTypes.SELECT },
  )

/** Waits until the opening's offers satisfy `condition`, and answers them. */
export const offersWhen = (
  stack: TestStack,
  openingId: string,
  condition: (offers: StoredOffer[]) => boolean,
  timeoutMs = 10_000,
): Promise<StoredOffer[]> => {
  let last: StoredOffer[] = []
  return eventually(
    async () => {
      last = await offersOf(stack, openingId)
      return condition(last) && last
    },
    timeoutMs,
    () => JSON.stringify(last),
  )
}

/** Answers offers as integrations would: jobs added straight to the queue, each result awaited. */
export const answerJobs = async (stack: TestStack) => {
  const connection = new IORedis(stack.config.REDIS_URL, { maxRetriesPerRequest: null })
  const events = new QueueEvents(QUEUE_NAME, { connection, prefix: stack.config.QUEUE_PREFIX })
  await events.waitUntilReady()
  // Each wait listens on the queue until its job ends; twenty answers at once are twenty listeners, not a leak.
  stack.queue.setMaxListeners(64)
  const add = async (name: string, jobId: string, data: Record<string, unknown>) => {
    const job: Job = await stack.queue.add(name, data, { ...waitlistJobOptions, jobId })
    return job.waitUntilFinished(events, 20_000)
  }
  return {
    accept: (offerId: string, actor: Record<string, unknown>, changeId: string = randomUUID()) =>
      add(ACCEPT_OFFER_JOB_NAME, acceptOfferJobId(changeId as never), {
        version: 1,
        change_id: changeId,
        offer_id: offerId,
        actor,
      } satisfies Record<keyof AcceptOfferJobDataInput, unknown>),
    decline: (offerId: string, actor: Record<string, unknown>, body: Record<string, unknown> = {}) => {
      const changeId = randomUUID()
      return add(DECLINE_OFFER_JOB_NAME, declineOfferJobId(changeId as never), {
        version: 1,
        change_id: changeId,
        offer_id: offerId,
        actor,
        body,
      } satisfies Record<keyof DeclineOfferJobDataInput, unknown>)
    },
    close: async () => {
      await events.close()
      await connection.quit()
    },
  }
}

/** The message PostgreSQL refused a statement with, which names the constraint; fails the test if it was not refused. */
export const violation = async (statement: Promise<unknown>): Promise<string> => {
  const error = await statement.then(
    () => undefined,
    (refused: unknown) => refused,
  )
  if (!(error instanceof Error)) throw new Error('the statement was not refused')
  const cause = (error as Error & { original?: Error }).original
  return cause?.message ?? error.message
}

/** Holds an opening's row FOR UPDATE, as the worker's round transactions take it: a job that needs it waits mid-flight. */
export const lockOpeningRow = async (
  stack: TestStack,
  openingId: string,
): Promise<{ readonly release: () => Promise<void> }> => {
  const transaction = await stack.sequelize.transaction()
  await stack.sequelize.query('SELECT id FROM openings WHERE id = $1 FOR UPDATE', { bind: [openingId], transaction })
  return { release: () => transaction.rollback() }
}
