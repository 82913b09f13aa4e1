import { randomUUID } from 'node:crypto'
import { expect } from 'chai'
import { Redis as IORedis } from 'ioredis'
import jwt from 'jsonwebtoken'
import type { Config } from '../../shared/config/config'
import { call, CREATE_PATH, createRequest, startStack, type ApiAnswer, type TestStack } from '../support/stack'
import { validBody } from '../support/fixtures'
import { patientToken, staffToken } from '../support/tokens'
import { eventually } from '../support/eventually'
import { startPrivateRedis, type PrivateRedis } from '../support/private-redis'
import { sampleValue, scrape } from '../support/metrics'

/**
 * Each stack here counts under a queue prefix of its own: the suite's other files send thousands of requests a
 * minute from this address, and those counts must not decide what these limits answer.
 */
let stacks = 0
const isolated = (overrides: Partial<Config>): Partial<Config> => ({
  QUEUE_PREFIX: `{waitlist-test-${process.pid}-limits-${++stacks}}`,
  ...overrides,
})

const stopIsolated = async (stack: TestStack | undefined) => {
  if (stack === undefined) return
  await stack.stop()
  const redis = new IORedis(stack.config.REDIS_URL)
  try {
    const keys = await redis.keys(`${stack.config.QUEUE_PREFIX}*`)
    if (keys.length > 0) await redis.del(...keys)
  } finally {
    await redis.quit()
  }
}

/** A read of a request nobody stored: a 404 that costs the service one lookup, counted like any request. */
const readUnknown = (stack: TestStack, token?: string, headers: Record<string, string> = {}) =>
  call(stack, 'GET', `${CREATE_PATH}/${randomUUID()}`, { ...(token === undefined ? {} : { token }), headers })

const retryAfterOf = (answer: ApiAnswer): number => {
  const header = answer.headers.get('retry-after') ?? ''
  expect(header, 'Retry-After').to.match(/^\d+$/)
  return Number(header)
}

const expectLimited = (answer: ApiAnswer, who: 'caller' | 'address') => {
  expect(answer.status, answer.text).to.equal(429)
  const seconds = retryAfterOf(answer)
  expect(seconds).to.be.within(1, 60)
  expect(answer.body).to.deep.equal({
    code: 4290,
    message: `too many requests from this ${who}: try again in ${seconds} seconds`,
    data: null,
  })
}

describe('rate limits per caller (RATE_LIMIT_PER_USER_PER_MINUTE=3)', () => {
  let stack: TestStack | undefined
  let api: TestStack
  before(async () => {
    stack = await startStack(isolated({ RATE_LIMIT_PER_USER_PER_MINUTE: 3, RATE_LIMIT_PER_IP_PER_MINUTE: 1000 }))
    api = stack
  })
  after(() => stopIsolated(stack))

  it("answers a caller's 4th request of the minute 429 in the envelope, with Retry-After; other callers go on", async () => {
    const sub = `user-${randomUUID()}`
    const token = patientToken('pat-a1', sub)
    const first = await Promise.all([1, 2, 3].map(() => readUnknown(api, token)))
    expect(first.map((answer) => answer.status)).to.deep.equal([404, 404, 404])

    expectLimited(await readUnknown(api, token), 'caller')
    // Refused before anything runs: a create is not queued, whatever its body.
    expectLimited(await createRequest(api, token, validBody()), 'caller')

    // The same address, another caller; and the same sub under another role and organization is another caller.
    expect((await readUnknown(api, patientToken('pat-a1', `user-${randomUUID()}`))).status).to.equal(404)
    expect((await readUnknown(api, staffToken('org-a', 'STAFF', sub))).status).to.equal(404)
  })

  it("counts a token that does not verify against the address only: nobody can spend another caller's allowance", async () => {
    const sub = `user-${randomUUID()}`
    const forged = jwt.sign({ sub, role: 'USER', patient_id: 'pat-a1' }, 'not-the-secret', { expiresIn: 600 })
    const refused = await Promise.all([1, 2, 3, 4, 5].map(() => readUnknown(api, forged)))
    expect(refused.map((answer) => answer.status)).to.deep.equal([401, 401, 401, 401, 401])

    const token = patientToken('pat-a1', sub)
    const served = await Promise.all([1, 2, 3].map(() => readUnknown(api, token)))
    expect(served.map((answer) => answer.status)).to.deep.equal([404, 404, 404])
    expectLimited(await readUnknown(api, token), 'caller')
  })

  it('never limits /healthz, /readyz and /metrics, even for a caller over the limit', async () => {
    const token = patientToken('pat-a1', `user-${randomUUID()}`)
    for (let sent = 0; sent < 4; sent += 1) await readUnknown(api, token)
    expectLimited(await readUnknown(api, token), 'caller')
    for (const path of ['/healthz', '/readyz', '/metrics', '/healthz', '/readyz', '/metrics']) {
      const answer = await call(api, 'GET', path, { token })
      expect(answer.status, `${path}: ${answer.text}`).to.equal(200)
    }
  })

  it('counts each 429 in the metrics by the limit it met', async () => {
    const { text } = await scrape(api.baseUrl)
    expect(sampleValue(text, 'waitlist_rate_limited_total', { limit: 'user' })).to.be.at.least(3)
    expect(sampleValue(text, 'waitlist_create_outcomes_total', { status: '429' })).to.equal(1)
  })
})

describe('rate limits per address (RATE_LIMIT_PER_IP_PER_MINUTE=3), behind one proxy (TRUSTED_PROXY_HOPS=1)', () => {
  let stack: TestStack | undefined
  let api: TestStack
  before(async () => {
    stack = await startStack(
      isolated({ RATE_LIMIT_PER_USER_PER_MINUTE: 1000, RATE_LIMIT_PER_IP_PER_MINUTE: 3, TRUSTED_PROXY_HOPS: 1 }),
    )
    api = stack
  })
  after(() => stopIsolated(stack))

  const from = (address: string) => ({ 'X-Forwarded-For': address })

  it("answers an address's 4th request of the minute 429, whoever sends it, token or none; other addresses go on", async () => {
    const address = from('203.0.113.7')
    const served = await Promise.all([
      readUnknown(api, patientToken('pat-a1', `user-${randomUUID()}`), address),
      readUnknown(api, patientToken('pat-a1', `user-${randomUUID()}`), address),
      readUnknown(api, undefined, address),
    ])
    expect(served.map((answer) => answer.status)).to.deep.equal([404, 404, 401])

    expectLimited(await readUnknown(api, patientToken('pat-a1', `user-${randomUUID()}`), address), 'address')
    expectLimited(await readUnknown(api, undefined, address), 'address')
    expect((await readUnknown(api, patientToken(), from('203.0.113.8'))).status).to.equal(404)
  })

  it('takes the address the proxy appended, never one the client wrote before it', async () => {
    const statuses = []
    for (let sent = 0; sent < 3; sent += 1)
      statuses.push((await readUnknown(api, patientToken(), from(`198.51.100.${sent}, 203.0.113.20`))).status)
    expect(statuses).to.deep.equal([404, 404, 404])
    expectLimited(await readUnknown(api, patientToken(), from('198.51.100.99, 203.0.113.20')), 'address')
  })

  it('never limits /healthz, /readyz and /metrics from an address over the limit', async () => {
    const address = from('203.0.113.30')
    for (let sent = 0; sent < 4; sent += 1) await readUnknown(api, undefined, address)
    expectLimited(await readUnknown(api, undefined, address), 'address')
    for (const path of ['/healthz', '/readyz', '/metrics']) {
      const answer = await call(api, 'GET', path, { headers: address })
      expect(answer.status, `${path}: ${answer.text}`).to.equal(200)
    }
  })
})

describe('rate limits per address with no proxy in front (TRUSTED_PROXY_HOPS=0, the default)', () => {
  let stack: TestStack | undefined
  before(async () => {
    stack = await startStack(isolated({ RATE_LIMIT_PER_USER_PER_MINUTE: 1000, RATE_LIMIT_PER_IP_PER_MINUTE: 3 }))
  })
  after(() => stopIsolated(stack))

  it('ignores X-Forwarded-For: a client cannot name a fresh address for each request', async () => {
    const api = stack as TestStack
    const statuses = []
    for (let sent = 0; sent < 3; sent += 1)
      statuses.push((await readUnknown(api, patientToken(), { 'X-Forwarded-For': `192.0.2.${sent}` })).status)
    expect(statuses).to.deep.equal([404, 404, 404])
    expectLimited(await readUnknown(api, patientToken(), { 'X-Forwarded-For': '192.0.2.200' }), 'address')
  })
})

describe('rate limits with Redis gone (a private redis-server, killed and restarted): they fail open', function () {
  this.timeout(60_000)
  let redis: PrivateRedis | undefined
  let stack: TestStack | undefined
  const lines: string[] = []
  const logged = (msg: string) => lines.filter((line) => (JSON.parse(line) as { msg?: string }).msg === msg)
  before(async () => {
    redis = await startPrivateRedis()
    stack = await startStack(
      { REDIS_URL: redis.url, DEPENDENCY_TIMEOUT_MS: 1_000, RATE_LIMIT_PER_USER_PER_MINUTE: 2, LOG_LEVEL: 'info' },
      { logTo: { write: (line: string) => void lines.push(line) } },
    )
  })
  after(async () => {
    await redis?.heal()
    await stack?.stop()
    await redis?.stop()
  })

  it('admits requests uncounted while Redis is gone, says so once in the log, and counts again once it is back', async () => {
    const api = stack as TestStack
    const token = patientToken('pat-a1', `user-${randomUUID()}`)
    const created = await createRequest(api, token, validBody())
    expect(created.status, created.text).to.equal(201)
    const location = created.headers.get('location') ?? ''

    await redis?.kill()
    // A stored request is read from PostgreSQL: with the limiter unable to count, each read is served, not refused.
    const started = Date.now()
    const reads = []
    for (let sent = 0; sent < 5; sent += 1) reads.push((await call(api, 'GET', location, { token })).status)
    expect(reads).to.deep.equal([200, 200, 200, 200, 200])
    expect(Date.now() - started, 'no read waits for the limiter').to.be.below(2_000)
    // A create needs Redis for itself: its own bounded 503, never a 500.
    expect((await createRequest(api, token, validBody())).status).to.equal(503)
    expect(logged('rate limits not counted: Redis is not answering, requests pass')).to.have.length(1)
    const { status, text } = await scrape(api.baseUrl)
    expect(status).to.equal(200)
    expect(sampleValue(text, 'waitlist_rate_limit_unchecked_total')).to.be.at.least(5)

    await redis?.restart()
    await eventually(
      async () => (await call(api, 'GET', location, { token })).status === 429,
      20_000,
      () => `never limited again; log: ${lines.slice(-5).join('')}`,
    )
    expect(logged('rate limits counted again')).to.have.length(1)
  })
})
