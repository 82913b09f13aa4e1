import { randomUUID } from 'node:crypto'
import { expect } from 'chai'
import { QueueEvents, type Job } from 'bullmq'
import IORedis from 'ioredis'
import { QueryTypes } from 'sequelize'
import { QUEUE_NAME } from '../../shared/queue/waitlist-queue'
import { OPEN_SLOT_JOB_NAME } from '../../shared/queue/open-slot-job'
import { WITHDRAW_OPENING_JOB_NAME } from '../../shared/queue/withdraw-opening-job'
import { startStack, type TestStack } from '../support/stack'
import { staffToken } from '../support/tokens'
import { candidatesOf, dayAhead, localAt, openingBody, postOpening } from '../support/openings'
import { filed } from '../support/lifecycle'

const pms = { sub: 'pms-sync', role: 'STAFF', org_id: 'org-a' }
const HOUR_MS = 60 * 60 * 1000

describe('open-slot and withdraw-opening jobs added straight to the queue', () => {
  let stack: TestStack
  let events: QueueEvents
  let eventsConnection: IORedis
  before(async () => {
    stack = await startStack()
    eventsConnection = new IORedis(stack.config.REDIS_URL, { maxRetriesPerRequest: null })
    events = new QueueEvents(QUEUE_NAME, { connection: eventsConnection, prefix: stack.config.QUEUE_PREFIX })
    await events.waitUntilReady()
  })
  after(async () => {
    await events?.close()
    await eventsConnection?.quit()
    await stack?.stop()
  })

  const run = async (name: string, data: Record<string, unknown>, options: { timestamp?: number } = {}) => {
    const job: Job = await stack.queue.add(name, data, { jobId: `${name}-${randomUUID()}`, ...options })
    return job.waitUntilFinished(events, 10_000)
  }
  const openSlot = (body: Record<string, unknown>, opening_id = randomUUID(), options = {}) =>
    run(OPEN_SLOT_JOB_NAME, { version: 1, opening_id, actor: pms, body }, options)
  const withdraw = (opening_id: string, change_id = randomUUID(), actor: Record<string, unknown> = pms) =>
    run(WITHDRAW_OPENING_JOB_NAME, { version: 1, change_id, opening_id, actor })
  const rowCount = async (id: string) =>
    (
      await stack.sequelize.query('SELECT id FROM openings WHERE id = :id', {
        replacements: { id },
        type: QueryTypes.SELECT,
      })
    ).length

  it('opens a slot exactly as HTTP does, under the id the producer chose', async () => {
    const opening_id = randomUUID()
    const result = await openSlot(openingBody({ external_id: 'pms-q-1' }), opening_id)
    expect(result.outcome).to.equal('opened')
    expect(result.opening).to.include({
      id: opening_id,
      status: 'OPEN',
      created_by: 'pms-sync',
      external_id: 'pms-q-1',
    })
    const viaHttp = await postOpening(stack, staffToken('org-a', 'STAFF', 'pms-sync'), openingBody())
    const { id: _a, created_at: _b, external_id: _c, ...fromQueue } = result.opening
    const { id: _d, created_at: _e, external_id: _f, ...fromHttp } = viaHttp.body.data
    expect(fromQueue).to.deep.equal(fromHttp)
  })

  it('rejects with the very field errors HTTP gives, the worker’s rules included, writing nothing', async () => {
    for (const body of [
      openingBody({ duration_minutes: 0, start: '2020-01-01T00:00:00Z' }),
      openingBody({ provider_id: 'prov-b1', released_by_patient_id: 'pat-zz' }),
    ]) {
      const opening_id = randomUUID()
      const result = await openSlot(body, opening_id)
      const viaHttp = await postOpening(stack, staffToken('org-a'), body)
      expect(viaHttp.status).to.equal(400)
      expect(result).to.deep.equal({ outcome: 'rejected', errors: viaHttp.body.errors })
      expect(await rowCount(opening_id)).to.equal(0)
    }
  })

  it('rejects data outside the contract, and an actor who is not staff, naming each', async () => {
    const result = await run(OPEN_SLOT_JOB_NAME, {
      version: 2,
      opening_id: 'nope',
      actor: { sub: 'app', role: 'USER', patient_id: 'pat-a1' },
      body: openingBody({ duration_minutes: 'long' }),
    })
    expect(result.outcome).to.equal('rejected')
    expect(result.errors.map((error: { field: string }) => error.field)).to.have.members([
      'version',
      'opening_id',
      'actor',
      'duration_minutes',
    ])
  })

  it('writes one opening when a job runs twice, answering both runs alike', async () => {
    const opening_id = randomUUID()
    const first = await openSlot(openingBody(), opening_id)
    const second = await openSlot(openingBody(), opening_id)
    expect(second).to.deep.equal(first)
    expect(await rowCount(opening_id)).to.equal(1)
  })

  it('answers a repeated external_id with the opening stored first', async () => {
    const first = await openSlot(openingBody({ external_id: 'pms-q-2' }))
    const again = await openSlot(openingBody({ external_id: 'pms-q-2', provider_id: 'prov-a2' }))
    expect(again).to.deep.equal(first)
  })

  it("judges 'in the future' against the time the job was added, so a retry answers as the first attempt", async () => {
    const added = Date.now() - 2 * HOUR_MS
    const started = new Date(Date.now() - HOUR_MS).toISOString()
    const late = await openSlot(openingBody({ start: started }), randomUUID(), { timestamp: added })
    expect(late.outcome).to.equal('opened')
    const before = new Date(added - HOUR_MS).toISOString()
    const refused = await openSlot(openingBody({ start: before }), randomUUID(), { timestamp: added })
    expect(refused).to.deep.equal({
      outcome: 'rejected',
      errors: [{ field: 'start', message: 'start must be in the future' }],
    })
  })

  it('does not answer with an opening of another organization whose id a producer reuses', async () => {
    const opening_id = randomUUID()
    await run(OPEN_SLOT_JOB_NAME, {
      version: 1,
      opening_id,
      actor: { sub: 'b', role: 'STAFF', org_id: 'org-b' },
      body: openingBody({ clinic_id: 'clinic-b1', provider_id: 'prov-b1' }),
    })
    const result = await openSlot(openingBody(), opening_id)
    expect(result).to.deep.equal({
      outcome: 'rejected',
      errors: [{ field: 'opening_id', message: 'opening_id is already in use: choose a new one' }],
    })
  })

  it('matches an opening that came by queue as one opened over HTTP, the released slot included', async () => {
    const day = dayAhead('clinic-a1', 12)
    const staff = staffToken('org-a')
    const filedFor = async (patient: string) =>
      (
        await filed(
          stack,
          staff,
          { preferred_providers: [], preferred_days: [], date_range_start: day, date_range_end: day },
          `?patient_id=${patient}`,
        )
      )['id'] as string
    const jane = await filedFor('pat-a1')
    const john = await filedFor('pat-a2')
    const { opening } = await openSlot(
      openingBody({ start: localAt('clinic-a1', day, '09:00'), released_by_patient_id: 'pat-a2' }),
    )
    const answer = await candidatesOf(stack, staff, opening.id)
    const ids = answer.body.data.items.map((item: { request_id: string }) => item.request_id)
    expect(ids).to.include(jane)
    expect(ids).not.to.include(john)
  })

  it('withdraws through the queue: once, then 409; the same change again answers as the first time', async () => {
    const { opening } = await openSlot(openingBody())
    const change_id = randomUUID()
    const first = await withdraw(opening.id, change_id)
    expect(first.outcome).to.equal('withdrawn')
    expect(first.opening).to.include({ id: opening.id, status: 'WITHDRAWN' })
    expect(await withdraw(opening.id, change_id)).to.deep.equal(first)
    expect(await withdraw(opening.id)).to.deep.equal({
      outcome: 'rejected',
      status: 409,
      errors: [{ field: 'status', message: 'opening is WITHDRAWN: only an OPEN opening can be withdrawn' }],
    })
  })

  it("refuses a withdrawal of another organization's opening as not found", async () => {
    const { opening } = await openSlot(openingBody())
    const result = await withdraw(opening.id, randomUUID(), { sub: 'b', role: 'ADMIN', org_id: 'org-b' })
    expect(result).to.deep.equal({
      outcome: 'rejected',
      status: 404,
      errors: [{ field: 'id', message: 'opening not found' }],
    })
  })
})
