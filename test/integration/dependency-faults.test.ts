import { expect } from 'chai'
import { randomUUID } from 'node:crypto'
import { call, createRequest, CREATE_PATH, startStack, type TestStack } from '../support/stack'
import { validBody } from '../support/fixtures'
import { patientToken } from '../support/tokens'
import { countRequests, lockRequestsTable } from '../support/table-lock'
import { eventually } from '../support/eventually'
import { startPrivateRedis, type PrivateRedis } from '../support/private-redis'
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy'
import { createJobId } from '../../shared/queue/create-waitlist-request-job'

const timed = async <A>(action: () => Promise<A>): Promise<{ value: A; ms: number }> => {
  const started = Date.now()
  const value = await action()
  return { value, ms: Date.now() - started }
}

describe('Redis down or hung at request time (a private redis-server, killed, paused and restarted)', function () {
  this.timeout(60_000)
  let redis: PrivateRedis
  let stack: TestStack
  before(async () => {
    redis = await startPrivateRedis()
    stack = await startStack({ REDIS_URL: redis.url, DEPENDENCY_TIMEOUT_MS: 1_000, JOB_WAIT_TIMEOUT_MS: 3_000 })
  })
  beforeEach(async () => {
    await redis.heal()
  })
  after(async () => {
    await redis?.heal()
    await stack?.stop()
    await redis?.stop()
  })

  const seen: number[] = []
  const createdAgain = () =>
    eventually(async () => {
      const answer = await createRequest(stack, patientToken(), validBody())
      seen.push(answer.status)
      return answer.status === 201 ? answer : undefined
    }, 20_000).catch((error: Error) => {
      throw new Error(`${error.message}; answers seen: ${seen.join(' ')}`)
    })

  it('answers 503 (code 5030) within a second when Redis is gone, reports it on /readyz, and recovers by itself', async () => {
    await redis.kill()
    const { value: answer, ms } = await timed(() => createRequest(stack, patientToken(), validBody()))
    expect(answer.status).to.equal(503)
    expect(answer.body).to.deep.equal({
      code: 5030,
      message: 'service temporarily unavailable, please retry',
      data: null,
    })
    expect(ms).to.be.below(1_000)
    const ready = await call(stack, 'GET', '/readyz')
    expect(ready.status).to.equal(503)
    expect(ready.body.errors).to.deep.equal([{ field: 'redis', message: 'redis is not answering' }])

    await redis.restart()
    await createdAgain()
    expect((await call(stack, 'GET', '/readyz')).status).to.equal(200)
  })

  it('reads a stored request while Redis is gone; an id not stored is 503, as it may name a create still queued', async () => {
    const created = await createRequest(stack, patientToken(), validBody())
    expect(created.status, created.text).to.equal(201)
    await redis.kill()
    const stored = await call(stack, 'GET', created.headers.get('location') ?? '', { token: patientToken() })
    expect(stored.status, stored.text).to.equal(200)
    const unknown = await call(stack, 'GET', `${CREATE_PATH}/${randomUUID()}`, { token: patientToken() })
    expect(unknown.status, unknown.text).to.equal(503)
    expect(unknown.body).to.deep.equal({
      code: 5030,
      message: 'service temporarily unavailable, please retry',
      data: null,
    })
    await redis.restart()
    await createdAgain()
  })

  it('answers 503 within about a second when Redis hangs (SIGSTOP), never a hung socket, and recovers on SIGCONT', async () => {
    redis.pause()
    try {
      const { value: answer, ms } = await timed(() => createRequest(stack, patientToken(), validBody()))
      expect(answer.status).to.equal(503)
      expect(ms).to.be.within(900, 1_900)
    } finally {
      redis.resume()
    }
    await createdAgain()
  })

  it('keeps an acknowledged (202) request across a Redis crash and restart: it is written once Redis is back', async () => {
    const lock = await lockRequestsTable(stack.sequelize)
    let location = ''
    try {
      const answer = await createRequest(stack, patientToken(), validBody({ notes: 'survives a Redis crash' }))
      expect(answer.status).to.equal(202)
      location = answer.headers.get('location') ?? ''
      await redis.kill()
      await redis.restart()
    } finally {
      await lock.release()
    }
    const read = await eventually(async () => {
      const answer = await call(stack, 'GET', location, { token: patientToken() })
      return answer.status === 200 ? answer : undefined
    }, 30_000)
    expect(read.body.data.notes).to.equal('survives a Redis crash')
    expect(await countRequests(stack.sequelize, 'id = :id', { id: read.body.data.id })).to.equal(1)
  })
})

describe('PostgreSQL unreachable while jobs run (cut off behind a TCP relay)', function () {
  this.timeout(90_000)
  let proxy: TcpProxy
  let stack: TestStack
  before(async () => {
    proxy = await startTcpProxy(5432)
    const url = new URL(process.env['DATABASE_URL'] ?? '')
    url.port = String(proxy.port)
    stack = await startStack({ DATABASE_URL: url.toString(), JOB_WAIT_TIMEOUT_MS: 500 })
  })
  after(async () => {
    await proxy?.restore().catch(() => undefined)
    await stack?.stop()
    await proxy?.close()
  })

  it('answers reads with 503 (code 5030), never a 500, while PostgreSQL is out of reach, and serves them again after', async () => {
    const created = await createRequest(stack, patientToken(), validBody())
    expect(created.status, created.text).to.equal(201)
    const path = created.headers.get('location') ?? ''
    // A connection pooled before the cut (cut under it), then new connections (refused by the relay).
    expect((await call(stack, 'GET', path, { token: patientToken() })).status).to.equal(200)
    await proxy.cut()
    try {
      for (const read of [path, path, `${CREATE_PATH}?clinic_id=clinic-a1`]) {
        const answer = await call(stack, 'GET', read, { token: patientToken() })
        expect(answer.status, answer.text).to.equal(503)
        expect(answer.body).to.deep.include({ code: 5030, message: 'service temporarily unavailable, please retry' })
      }
    } finally {
      await proxy.restore()
    }
    await eventually(async () => (await call(stack, 'GET', path, { token: patientToken() })).status === 200, 10_000)
  })

  it('retries the jobs with backoff and completes every acknowledged one once PostgreSQL is back, none failed', async () => {
    const before = await countRequests(stack.sequelize)
    await proxy.cut()
    const answers = await Promise.all(
      Array.from({ length: 5 }, (_, index) => createRequest(stack, patientToken(), validBody({ priority: index + 1 }))),
    )
    expect(answers.map((answer) => answer.status)).to.deep.equal([202, 202, 202, 202, 202])
    const ready = await call(stack, 'GET', '/readyz')
    expect(ready.status).to.equal(503)
    expect(ready.body.errors).to.deep.equal([{ field: 'postgres', message: 'postgres is not answering' }])
    const ids = answers.map((answer) => createJobId(answer.body.data.id))
    let seen: Array<{ state?: string; attemptsMade?: number }> = []
    const progress = async () =>
      (seen = await Promise.all(
        ids.map(async (id) => {
          const job = await stack.queue.getJob(id)
          return { state: await job?.getState(), attemptsMade: job?.attemptsMade }
        }),
      ))
    const explain = () => JSON.stringify(seen)
    // Each job has met the cut at least once and waits for its next attempt: retried, not given up.
    await eventually(async () => (await progress()).every((job) => (job.attemptsMade ?? 0) >= 1), 30_000, explain)
    expect(seen.map((job) => job.state)).not.to.include('failed')

    await proxy.restore()
    // Completed on a later attempt: the one that met the cut counts, and so does the one that wrote the row.
    await eventually(
      async () => (await progress()).every((job) => job.state === 'completed' && (job.attemptsMade ?? 0) >= 2),
      60_000,
      explain,
    )
    expect(await countRequests(stack.sequelize)).to.equal(before + 5)
    for (const answer of answers) {
      const read = await call(stack, 'GET', answer.headers.get('location') ?? '', { token: patientToken() })
      expect(read.status).to.equal(200)
    }
    expect(await stack.queue.getJobCountByTypes('failed')).to.equal(0)
  })
})
