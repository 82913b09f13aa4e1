import { randomUUID } from 'node:crypto'
import { expect } from 'chai'
import * as E from 'fp-ts/Either'
import { Queue } from 'bullmq'
import { offerLink } from '../../shared/offers/offer-link'
import type { OfferId } from '../../shared/offers/offer-id'
import { IMPORT_QUEUE_NAME } from '../../shared/queue/waitlist-queue'
import { IMPORT_JOB_NAME, importJobId, type ImportBatchId } from '../../shared/queue/import-waitlist-requests-job'
import { seedReferenceData } from '../../worker/seed/seed-reference-data'
import { call, CREATE_PATH, startStack, type ApiAnswer, type TestStack } from '../support/stack'
import { eventually } from '../support/eventually'
import { adminSession, adminToken, board } from '../support/admin'
import { recordOffers } from '../support/offer-recorder'
import {
  CATEGORY,
  CLINIC,
  ORG,
  OFFERS_PATH,
  PROVIDER,
  asPatient,
  asStaff,
  offerScenes,
  offersWhen,
  patient,
  requestStatus,
  seedOfferOrganization,
  zoneAt,
} from '../support/offers'

const NOTE = 'SECRET-TRAIL-NOTE-5c1e'
const CHANGED_NOTE = 'SECRET-TRAIL-CHANGED-9a42'
const CANCEL_REASON = 'SECRET-TRAIL-CANCEL-3f7b'
const DECLINE_REASON = 'SECRET-TRAIL-DECLINE-c28d'
const IMPORTED_NOTE = 'SECRET-TRAIL-IMPORTED-71e0'
const NAMES = ['SECRET-FIRST-ONE-8b3a', 'SECRET-LAST-ONE-04d9', 'SECRET-FIRST-TWO-e6f1', 'SECRET-LAST-TWO-2a7c']

/**
 * A clinic's day through the API, the queue and the worker, read back from the log: each request's id on its own
 * access line and on every line of the jobs it added, and none of what was sent that is not an id (tokens, notes,
 * reasons, names, offer links) anywhere.
 */
describe('logs: a request followed from the API through the worker, and nothing private on the way', function () {
  this.timeout(60_000)
  const recorder = recordOffers()
  const zone = zoneAt(12)
  const lines: string[] = []
  const secrets: string[] = [NOTE, CHANGED_NOTE, CANCEL_REASON, DECLINE_REASON, IMPORTED_NOTE, ...NAMES]
  let stack: TestStack
  let imports: Queue

  const parsed = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>)
  /** A call with a request id of our own, and the token among the secrets. */
  const traced = async (
    requestId: string,
    method: string,
    path: string,
    options: { token?: string; body?: unknown } = {},
  ): Promise<ApiAnswer> => {
    if (options.token !== undefined) secrets.push(options.token)
    const answer = await call(stack, method, path, { ...options, headers: { 'X-Request-Id': requestId } })
    expect(answer.headers.get('x-request-id'), 'the id is echoed').to.equal(requestId)
    return answer
  }
  /** The names of the jobs whose end was logged with this request id, once the worker has logged them. */
  const jobsDoneFor = (requestId: string, count: number) =>
    eventually(
      async () => {
        const done = parsed().filter((line) => line['msg'] === 'job done' && line['requestId'] === requestId)
        return done.length >= count && done.map((line) => line['jobName'])
      },
      10_000,
      () => `no job done for ${requestId}`,
    )

  before(async () => {
    stack = await startStack(
      { LOG_LEVEL: 'debug' },
      { offers: recorder.ports, logTo: { write: (line: string) => void lines.push(line) } },
    )
    await seedOfferOrganization(stack, { clinic: zone, elsewhere: zone })
    const named = await seedReferenceData(stack.db, {
      patients: [
        { id: patient(1), organization_id: ORG, first_name: NAMES[0]!, last_name: NAMES[1]! },
        { id: patient(2), organization_id: ORG, first_name: NAMES[2]!, last_name: NAMES[3]! },
      ],
    })
    if (E.isLeft(named)) throw new Error(JSON.stringify(named.left))
    recorder.setPolicy(ORG, { quiet_hours: null, batch_size: 2 })
    imports = new Queue(IMPORT_QUEUE_NAME, {
      connection: stack.queue.opts.connection,
      prefix: stack.config.QUEUE_PREFIX,
    })
  })
  after(async () => {
    await imports?.close()
    await stack?.stop()
  })

  it('carries each request id into its jobs and every line about them; logs no token, cookie, note, reason, name or link', async () => {
    const scenes = offerScenes(stack, zone)
    const slot = scenes.newDay()
    const fileFor = async (n: number, requestId: string) => {
      const answer = await traced(requestId, 'POST', CREATE_PATH, {
        token: asPatient(patient(n)),
        body: {
          clinic_id: CLINIC,
          date_range_start: slot.toISODate(),
          date_range_end: slot.toISODate(),
          appointment_category_id: CATEGORY,
          payment_type: 'SELF_PAY',
          notes: NOTE,
        },
      })
      expect(answer.status, answer.text).to.equal(201)
      return answer.body.data.id as string
    }
    const first = await fileFor(1, 'trail-create-1')
    await fileFor(2, 'trail-create-2')
    const third = await fileFor(3, 'trail-create-3')
    expect(await jobsDoneFor('trail-create-1', 1)).to.deep.equal(['create-waitlist-request'])

    // A create the worker refuses (a provider who does not practise there): its rejection's line has the id too.
    const refused = await traced('trail-refused', 'POST', CREATE_PATH, {
      token: asPatient(patient(5)),
      body: {
        clinic_id: CLINIC,
        preferred_providers: ['prov-elsewhere'],
        date_range_start: slot.toISODate(),
        date_range_end: slot.toISODate(),
        appointment_category_id: CATEGORY,
        payment_type: 'SELF_PAY',
        notes: NOTE,
      },
    })
    expect(refused.status, refused.text).to.equal(400)
    const rejection = parsed().find((line) => line['msg'] === 'job rejected')
    expect(rejection).to.include({ requestId: 'trail-refused', jobName: 'create-waitlist-request' })

    const staff = asStaff('desk-trail')
    const changed = await traced('trail-change', 'PATCH', `${CREATE_PATH}/${first}`, {
      token: staff,
      body: { notes: CHANGED_NOTE, version: 1 },
    })
    expect(changed.status, changed.text).to.equal(200)
    const cancelled = await traced('trail-cancel', 'POST', `${CREATE_PATH}/${third}/cancel`, {
      token: asPatient(patient(3)),
      body: { reason: CANCEL_REASON },
    })
    expect(cancelled.status, cancelled.text).to.equal(200)

    // The slot opens; a round offers it to the two patients who fit; one declines, the other accepts by the link.
    const opened = await traced('trail-open', 'POST', '/apis/v1/openings', {
      token: staff,
      body: { clinic_id: CLINIC, provider_id: PROVIDER, start: slot.toISO(), duration_minutes: 60 },
    })
    expect(opened.status, opened.text).to.equal(201)
    const offers = await offersWhen(stack, opened.body.data.id, (rows) => rows.length === 2)
    const offerOf = (n: number) => offers.find((offer) => offer.patient_id === patient(n))!
    const declined = await traced('trail-decline', 'POST', `${OFFERS_PATH}/${offerOf(2).id}/decline`, {
      token: asPatient(patient(2)),
      body: { reason: DECLINE_REASON },
    })
    expect(declined.status, declined.text).to.equal(200)
    const link = offerLink(stack.baseUrl, stack.config.OFFER_LINK_SECRET, offerOf(1).id as OfferId)
    secrets.push(link.slice(link.lastIndexOf('/') + 1))
    const accepted = await fetch(`${link}/accept`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'X-Request-Id': 'trail-accept' },
    })
    expect(accepted.status).to.equal(303)
    expect(await requestStatus(stack, first)).to.equal('FULFILLED')

    // An import, added by a producer that knows nothing of request ids.
    const batch = randomUUID() as ImportBatchId
    const imported = randomUUID()
    await imports.add(
      IMPORT_JOB_NAME,
      {
        version: 1,
        batch_id: batch,
        chunk: 0,
        actor: { sub: 'importer-1', role: 'STAFF', org_id: ORG },
        rows: [
          {
            row: 2,
            request_id: imported,
            patient_id: patient(4),
            body: {
              clinic_id: CLINIC,
              date_range_start: scenes.newDay().toISODate(),
              date_range_end: scenes.newDay().toISODate(),
              appointment_category_id: CATEGORY,
              payment_type: 'SELF_PAY',
              notes: IMPORTED_NOTE,
            },
          },
        ],
      },
      { jobId: importJobId(batch, 0) },
    )
    await eventually(async () => (await requestStatus(stack, imported)) === 'ACTIVE')
    await eventually(async () => parsed().some((line) => line['msg'] === 'import chunk done'))

    // An admin reads the queues: the token posted for the session, and the session's cookie, are secrets too.
    const admin = adminToken()
    secrets.push(admin)
    const cookie = await adminSession(stack, {}, admin)
    secrets.push(cookie.slice(cookie.indexOf('=') + 1))
    expect((await board(stack, '/api/queues', cookie)).status).to.equal(200)

    // Each request's jobs ended under its id; the access line of each request carries it too.
    expect(await jobsDoneFor('trail-change', 1)).to.deep.equal(['change-waitlist-request'])
    expect(await jobsDoneFor('trail-cancel', 1)).to.deep.equal(['cancel-waitlist-request'])
    expect(await jobsDoneFor('trail-open', 1)).to.deep.equal(['open-slot'])
    expect(await jobsDoneFor('trail-decline', 1)).to.deep.equal(['decline-offer'])
    expect(await jobsDoneFor('trail-accept', 1)).to.deep.equal(['accept-offer'])
    const access = parsed().filter((line) => line['msg'] === 'request')
    for (const id of [
      'trail-create-1',
      'trail-change',
      'trail-cancel',
      'trail-open',
      'trail-decline',
      'trail-accept',
    ]) {
      expect(
        access.filter((line) => line['requestId'] === id),
        id,
      ).to.have.length(1)
    }
    // Jobs no request added (the worker's event deliveries, the import) carry no request id, never another's.
    const unrequested = parsed().filter((line) =>
      ['event delivery done', 'import chunk done'].includes(String(line['msg'])),
    )
    expect(unrequested).to.have.length.above(1)
    for (const line of unrequested) expect(line, JSON.stringify(line)).not.to.have.property('requestId')

    for (const line of lines) {
      for (const secret of secrets) expect(line, 'a log line carries a secret').not.to.include(secret)
    }
  })

  it('takes a sane X-Request-Id and replaces any other with an id of its own', async () => {
    const before = lines.length
    for (const sent of ['a b', 'x'.repeat(129), 'naïve', '']) {
      const answer = await call(stack, 'GET', '/healthz', sent === '' ? {} : { headers: { 'X-Request-Id': sent } })
      const given = answer.headers.get('x-request-id') ?? ''
      expect(given).to.match(/^[0-9a-f-]{36}$/)
      expect(given).not.to.equal(sent)
    }
    const kept = await call(stack, 'GET', '/healthz', { headers: { 'X-Request-Id': `A.b_c-${'9'.repeat(122)}` } })
    expect(kept.headers.get('x-request-id')).to.equal(`A.b_c-${'9'.repeat(122)}`)
    const logged = lines.slice(before).map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(logged.filter((line) => line['msg'] === 'request')).to.have.length(5)
  })
})
