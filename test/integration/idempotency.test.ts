import { setTimeout as sleep } from 'node:timers/promises'
import { expect } from 'chai'
import { Redis } from 'ioredis'
import { call, startStack, CREATE_PATH, type TestStack } from '../support/stack'
import { validBody } from '../support/fixtures'
import { patientToken, staffToken } from '../support/tokens'
import { countRequests, lockRequestsTable } from '../support/table-lock'

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
    expect((await post(key, validBody(), staff, '?patient_id=pat-a2')).status).to.equal(422)
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
    const lock = await lockRequestsTable(stack.sequelize)
    const first = post(key, body)
    await sleep(300)
    const retry = post(key, body)
    await sleep(300)
    await lock.release()
    const [a, b] = await Promise.all([first, retry])
    expect(a.status).to.equal(201)
    expect(b.status).to.equal(201)
    expect(b.body).to.deep.equal(a.body)
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
    expect((await post(key, validBody({ priority: 9 }))).status).to.equal(400)
    expect((await post(key, validBody())).status).to.equal(201)
  })

  it("refuses a malformed key with a 400 naming the header, together with the body's failures", async () => {
    const answer = await post('x'.repeat(256), validBody({ priority: 9 }))
    expect(answer.status).to.equal(400)
    expect(answer.body.errors.map((e: { field: string }) => e.field)).to.deep.equal(['Idempotency-Key', 'priority'])
  })

  it('keeps keys at least 24 hours', async () => {
    await post(freshKey(), validBody())
    const redis = new Redis(stack.config.REDIS_URL)
    try {
      const keys = await redis.keys(`${stack.config.QUEUE_PREFIX}:idempotency:*`)
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
})
