import { randomUUID } from 'node:crypto'
import { expect } from 'chai'
import type { Job } from 'bullmq'
import { CREATE_JOB_NAME, createJobId } from '../../shared/queue/create-waitlist-request-job'
import { waitlistJobOptions } from '../../shared/queue/job-options'
import { call, CREATE_PATH, startStack, type TestStack } from '../support/stack'
import { validBody } from '../support/fixtures'
import { patientToken } from '../support/tokens'
import { countRequests, lockRequestsTable } from '../support/table-lock'
import { eventually } from '../support/eventually'
import { freePort } from '../support/free-port'
import { spawnService, type ServiceProcess } from '../support/processes'

/**
 * Short locks so a dead worker's job is noticed within seconds, not BullMQ's default 30; not so short that a
 * loaded machine's event-loop lag lets the live worker's own lock lapse (each lapse is a stall; a fourth fails the job).
 */
const QUICK_STALL = { WORKER_LOCK_DURATION_MS: '5000', WORKER_STALLED_INTERVAL_MS: '1000' }

describe('restarts: workers killed or stopped, an ingress killed while a request waits (real processes)', function () {
  this.timeout(120_000)
  let stack: TestStack
  const running: ServiceProcess[] = []
  const start = async (script: 'start-worker' | 'start-ingress', env: Record<string, string> = {}) => {
    const service = spawnService(script, env)
    running.push(service)
    await service.logged(script === 'start-worker' ? 'worker running' : 'ingress listening')
    return service
  }
  const stop = async (service: ServiceProcess) => {
    service.child.kill('SIGTERM')
    return service.exited
  }

  before(async () => {
    stack = await startStack({}, { worker: false })
  })
  afterEach(async () => {
    for (const service of running.splice(0)) {
      if (service.child.exitCode === null && service.child.signalCode === null) await stop(service)
    }
  })
  after(async () => {
    await stack?.stop()
  })

  const jobData = (requestId: string, overrides: Record<string, unknown> = {}) => ({
    version: 1,
    request_id: requestId,
    actor: { sub: 'importer-1', role: 'STAFF', org_id: 'org-a' },
    patient_id: 'pat-a1',
    body: validBody(overrides),
  })
  const add = (requestId: string) =>
    stack.queue.add(CREATE_JOB_NAME, jobData(requestId), {
      ...waitlistJobOptions,
      jobId: createJobId(requestId as never),
    })

  it('recovers a job whose worker was killed (SIGKILL) mid-job: another worker completes it, with exactly one row', async () => {
    const lock = await lockRequestsTable(stack.sequelize)
    const requestId = randomUUID()
    let job: Job
    try {
      const first = await start('start-worker', QUICK_STALL)
      job = await add(requestId)
      await eventually(async () => (await job.getState()) === 'active')
      first.child.kill('SIGKILL')
      expect(await first.exited).to.equal(null)
    } finally {
      await lock.release()
    }
    await start('start-worker', QUICK_STALL)
    await eventually(async () => (await job.getState()) === 'completed', 30_000)
    const finished = await stack.queue.getJob(job.id ?? '')
    expect(finished?.returnvalue.outcome).to.equal('created')
    expect(await countRequests(stack.sequelize, 'id = :id', { id: requestId })).to.equal(1)
  })

  it('completes a job whose workers stalled twice in a row (SIGSTOP past the lock): a third writes it, once', async () => {
    const lock = await lockRequestsTable(stack.sequelize)
    const requestId = randomUUID()
    const stalled: ServiceProcess[] = []
    const job = await add(requestId)
    // The job as the queue has it now: its state and how many times it has been taken back from a silent worker.
    const seen = async () => {
      const current = await stack.queue.getJob(job.id ?? '')
      return { state: await job.getState(), stalls: current?.stalledCounter ?? 0 }
    }
    try {
      for (const stalls of [0, 1]) {
        const worker = await start('start-worker', QUICK_STALL)
        await eventually(async () => {
          const now = await seen()
          return now.state === 'active' && now.stalls === stalls
        }, 30_000)
        worker.child.kill('SIGSTOP')
        stalled.push(worker)
      }
      await start('start-worker', QUICK_STALL)
      let last = await seen()
      await eventually(
        async () => (last = await seen()).stalls === 2,
        30_000,
        () => JSON.stringify(last),
      )
      expect(last.state).not.to.equal('failed')
    } finally {
      await lock.release()
      for (const worker of stalled) worker.child.kill('SIGCONT')
    }
    await eventually(async () => (await job.getState()) === 'completed', 30_000)
    // Whichever ran it to the end, the stopped ones' inserts included (PostgreSQL ran them once the lock went): one row.
    expect((await stack.queue.getJob(job.id ?? ''))?.returnvalue.outcome).to.be.oneOf(['created', 'existing'])
    expect(await countRequests(stack.sequelize, 'id = :id', { id: requestId })).to.equal(1)
  })

  it('stops a worker with SIGTERM under load without failing a job: every job completes, each written once', async () => {
    const ids = Array.from({ length: 300 }, () => randomUUID())
    const first = await start('start-worker', { WORKER_CONCURRENCY: '8' })
    const jobs = await stack.queue.addBulk(
      ids.map((id) => ({
        name: CREATE_JOB_NAME,
        data: jobData(id),
        opts: { ...waitlistJobOptions, jobId: createJobId(id as never) },
      })),
    )
    // Other tests of this run share the queue, so only these jobs' own states count.
    const completed = async () =>
      (await Promise.all(jobs.map((job) => job.getState()))).filter((state) => state === 'completed').length
    await eventually(async () => (await completed()) >= 30)
    expect(await stop(first)).to.equal(0)
    expect(await completed()).to.be.below(ids.length)

    await start('start-worker')
    await eventually(async () => (await completed()) === ids.length, 60_000)
    for (const job of jobs) expect((await stack.queue.getJob(job.id ?? ''))?.attemptsMade).to.equal(1)
    expect(await countRequests(stack.sequelize, 'id IN (:ids)', { ids })).to.equal(ids.length)
  })

  it('completes a request whose ingress was killed while it waited, and it is readable from a new ingress', async () => {
    const port = await freePort()
    const firstIngress = await start('start-ingress', { PORT: String(port), JOB_WAIT_TIMEOUT_MS: '30000' })
    const notes = `ingress killed ${randomUUID()}`
    const base = { baseUrl: `http://127.0.0.1:${port}` }
    const pending = call(base, 'POST', CREATE_PATH, { token: patientToken(), body: validBody({ notes }) }).then(
      () => 'answered',
      () => 'connection lost',
    )
    await eventually(async () => {
      const waiting = await stack.queue.getWaiting()
      return waiting.some((job) => job.data?.body?.notes === notes)
    })
    firstIngress.child.kill('SIGKILL')
    expect(await pending).to.equal('connection lost')

    await start('start-worker')
    const id = await eventually(async () => {
      const [rows] = (await stack.sequelize.query('SELECT id FROM waitlist_requests WHERE notes = :notes', {
        replacements: { notes },
      })) as [Array<{ id: string }>, unknown]
      return rows[0]?.id
    }, 30_000)
    const secondPort = await freePort()
    await start('start-ingress', { PORT: String(secondPort) })
    const read = await call({ baseUrl: `http://127.0.0.1:${secondPort}` }, 'GET', `${CREATE_PATH}/${id}`, {
      token: patientToken(),
    })
    expect(read.status).to.equal(200)
    expect(read.body.data.notes).to.equal(notes)
    expect(await countRequests(stack.sequelize, 'notes = :notes', { notes })).to.equal(1)
  })
})
