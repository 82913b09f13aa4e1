import { expect } from 'chai'
import { QueueEvents } from 'bullmq'
import { Redis } from 'ioredis'
import { QUEUE_NAME } from '../../shared/queue/waitlist-queue'
import { call, startStack, CREATE_PATH, type ApiAnswer, type TestStack } from '../support/stack'
import { validBody } from '../support/fixtures'
import { patientToken, staffToken } from '../support/tokens'
import { countRequests, lockRequestsTable } from '../support/table-lock'
import { eventually } from '../support/eventually'

describe('Idempotency-Key on POST /apis/v1/waitlist-requests (IETF draft)', () => {
  let stack: TestStack
  before(async () => {
    stack = await startStack()
  })
  after(async () => {
    await stack?.stop()
  })

  let counter = 0
  const freshKey = () => `key-${Date.now()}-${(counter += 1)}`
  const post = (key: string | undefined, body: unknown, token = patientToken(), query = '') =>
    call(stack, 'POST', `${CREATE_PATH}${query}`, {
      token,
      body,
      ...(key === undefined ? {} : { headers: { 'Idempotency-Key': key } }),
    })

  it('replays the first answer for the same key and body: same request id, status and body, one row', async () => {
    const key = freshKey()
    const body = validBody()
    const first = await post(key, body)
    const second = await post(key, body)
    expect(first.status).to.equal(201)
    expect(second.status).to.equal(201)
    expect(second.body).to.deep.equal(first.body)
    expect(second.headers.get('location')).to.equal(first.headers.get('location'))
    expect(second.headers.get('idempotent-replayed')).to.equal('true')
    expect(await countRequests(stack.sequelize, 'id = :id', { id: first.body.data.id })).to.equal(1)
  })

  it('takes the key as a structured-field string too, and the same JSON in another key order as the same body', async () => {
    const key = freshKey()
    const body = validBody()
    const reordered = Object.fromEntries(Object.entries(body).reverse())
    const first = await post(`"${key}"`, body)
    const second = await post(key, reordered)
    expect(second.body.data.id).to.equal(first.body.data.id)
  })

  it('answers 422 when the key comes back with a different body, and writes nothing', async () => {
    const key = freshKey()
    await post(key, validBody())
    const before = await countRequests(stack.sequelize)
    const answer = await post(key, validBody({ priority: 1 }))
    expect(answer.status).to.equal(422)
    expect(answer.body).to.deep.equal({
      code: 4220,
      message: 'Idempotency-Key has already been used for a different request',
      data: null,
    })
    expect(await countRequests(stack.sequelize)).to.equal(before)
  })

  it('answers 422 when the key comes back for another patient (the query is part of the request)', async () => {
    const key = freshKey()
    const staff = staffToken('org-a', 'STAFF', 'user-desk-1')
    expect((await post(key, validBody(), staff, '?patient_id=pat-a1')).status).to.equal(201)
    const other = await post(key, validBody(), staff, '?patient_id=pat-a2')
    expect(other.status).to.equal(422)
    expect(other.body.message).to.equal('Idempotency-Key has already been used for a different request')
  })

  it('scopes keys to the calling user: the same key from two users makes two requests', async () => {
    const key = freshKey()
    const a = await post(key, validBody(), staffToken('org-a', 'STAFF', 'user-desk-1'), '?patient_id=pat-a1')
    const b = await post(key, validBody(), staffToken('org-a', 'STAFF', 'user-desk-2'), '?patient_id=pat-a1')
    expect(a.status).to.equal(201)
    expect(b.status).to.equal(201)
    expect(b.body.data.id).not.to.equal(a.body.data.id)
  })

  it('gives concurrent requests with one key one request: all answers alike, one row', async () => {
    const key = freshKey()
    const body = validBody()
    const answers = await Promise.all(Array.from({ length: 8 }, () => post(key, body)))
    expect(answers.map((a) => a.status)).to.deep.equal(Array(8).fill(201))
    const ids = new Set(answers.map((a) => a.body.data.id))
    expect(ids.size).to.equal(1)
    expect(await countRequests(stack.sequelize, 'id = :id', { id: [...ids][0] })).to.equal(1)
  })

  it('makes a retry while the first is still in flight wait for it and replay its answer', async () => {
    const key = freshKey()
    const body = validBody()
    // A retry that finds its key in flight asks for the same job again; BullMQ records that as "duplicated".
    const events = new QueueEvents(QUEUE_NAME, {
      connection: { url: stack.config.REDIS_URL },
      prefix: stack.config.QUEUE_PREFIX,
      lastEventId: '0',
    })
    const duplicated = new Set<string>()
    events.on('duplicated', ({ jobId }) => duplicated.add(jobId))
    const lock = await lockRequestsTable(stack.sequelize)
    let first: Promise<ApiAnswer> | undefined
    let retry: Promise<ApiAnswer> | undefined
    try {
      await events.waitUntilReady()
      first = post(key, body)
      // Earlier tests' jobs have all finished: the one active job is the first request's, held at its insert.
      const job = await eventually(async () => (await stack.queue.getJobs(['active']))[0])
      retry = post(key, body)
      await eventually(async () => duplicated.has(job.id ?? ''))
    } finally {
      await lock.release()
      await events.close()
    }
    const [a, b] = await Promise.all([first, retry])
    expect(a.status).to.equal(201)
    expect(b.status).to.equal(201)
    expect(b.body).to.deep.equal(a.body)
    expect(a.headers.get('idempotent-replayed'), 'the first request is answered, not replayed').to.equal(null)
    expect(b.headers.get('idempotent-replayed'), 'the retry is the one replayed').to.equal('true')
    expect(await countRequests(stack.sequelize, 'id = :id', { id: a.body.data.id })).to.equal(1)
  })

  it('replays a rejection from the worker as it was first given', async () => {
    const key = freshKey()
    const body = validBody({ clinic_id: 'clinic-b1' })
    const first = await post(key, body)
    const second = await post(key, body)
    expect(first.status).to.equal(400)
    expect(first.body.message).to.equal('clinic_id does not name a known clinic')
    expect(second.status).to.equal(400)
    expect(second.body).to.deep.equal(first.body)
    expect(second.headers.get('idempotent-replayed')).to.equal('true')
  })

  it('does not claim the key for a request the synchronous rules refuse', async () => {
    const key = freshKey()
    const refused = await post(key, validBody({ priority: 9 }))
    expect(refused.status).to.equal(400)
    expect(refused.body.errors.map((e: { field: string }) => e.field)).to.deep.equal(['priority'])
    expect((await post(key, validBody())).status).to.equal(201)
  })

  it("refuses a malformed key with a 400 naming the header, together with the body's failures", async () => {
    const answer = await post('x'.repeat(256), validBody({ priority: 9 }))
    expect(answer.status).to.equal(400)
    expect(answer.body.errors.map((e: { field: string }) => e.field)).to.deep.equal(['Idempotency-Key', 'priority'])
  })

  it('keeps keys at least 24 hours', async () => {
    const redis = new Redis(stack.config.REDIS_URL)
    try {
      const pattern = `${stack.config.QUEUE_PREFIX}:idempotency:*`
      // Only this key: the ones earlier tests stored have aged by as long as those tests took.
      const before = new Set(await redis.keys(pattern))
      await post(freshKey(), validBody())
      const keys = (await redis.keys(pattern)).filter((key) => !before.has(key))
      expect(keys.length).to.be.greaterThan(0)
      for (const key of keys) expect(await redis.ttl(key)).to.be.at.least(24 * 60 * 60 - 60)
    } finally {
      await redis.quit()
    }
  })

  it('still creates without a key, each request a new one', async () => {
    const body = validBody()
    const a = await post(undefined, body)
    const b = await post(undefined, body)
    expect(a.status).to.equal(201)
    expect(b.body.data.id).not.to.equal(a.body.data.id)
  })

  describe('keys belong to the whole identity: role, organization or patient, and subject', () => {
    it("never replays one organization's answer to a token with the same sub in another organization", async () => {
      const key = freshKey()
      const body = validBody()
      const first = await post(key, body, staffToken('org-a', 'STAFF', 'user-shared'), '?patient_id=pat-a1')
      expect(first.status, first.text).to.equal(201)
      // The same key, body and patient from org-b's staff: judged as their own create, so org-a's clinic and
      // patient are unknown to them, and nothing of org-a's request shows.
      const other = await post(key, body, staffToken('org-b', 'STAFF', 'user-shared'), '?patient_id=pat-a1')
      expect(other.status, other.text).to.equal(400)
      expect(other.headers.get('idempotent-replayed')).to.equal(null)
      expect(other.body.errors.map((error: { field: string }) => error.field)).to.include.members([
        'patient_id',
        'clinic_id',
      ])
      expect(other.text).not.to.contain(first.body.data.id)
    })

    it("keeps a patient's key apart from a staff member's with the same sub", async () => {
      const key = freshKey()
      const body = validBody()
      const staff = await post(key, body, staffToken('org-a', 'STAFF', 'user-twice'), '?patient_id=pat-a1')
      const patient = await post(key, body, patientToken('pat-a1', 'user-twice'))
      expect(staff.status, staff.text).to.equal(201)
      expect(patient.status, patient.text).to.equal(201)
      expect(patient.headers.get('idempotent-replayed')).to.equal(null)
      expect(patient.body.data.id).not.to.equal(staff.body.data.id)
    })

    it('replays a stored request only while the caller may still read it', async () => {
      const key = freshKey()
      const body = validBody()
      const token = staffToken('org-a', 'STAFF', 'user-moved')
      const first = await post(key, body, token, '?patient_id=pat-a1')
      expect(first.status, first.text).to.equal(201)
      // The request now belongs to another organization (as after a data correction): the replay must not show it.
      await stack.sequelize.query("UPDATE waitlist_requests SET organization_id = 'org-b' WHERE id = :id", {
        replacements: { id: first.body.data.id },
      })
      const replay = await post(key, body, token, '?patient_id=pat-a1')
      expect(replay.status, replay.text).to.equal(404)
      expect(replay.text).not.to.contain(first.body.data.id)
    })
  })
})
