import { expect } from 'chai'
import { call, startStack, type TestStack } from '../support/stack'
import { eventually } from '../support/eventually'
import { startWorkerProcesses, type WorkerProcesses } from '../support/worker-processes'
import { sampleValue, scrape } from '../support/metrics'

const QUEUES = ['waitlist-requests', 'waitlist-imports', 'waitlist-events']
const each = (count: number) => Object.fromEntries(QUEUES.map((queue) => [queue, count]))

describe('GET /readyz counts the worker processes consuming the queues (real worker processes)', function () {
  this.timeout(60_000)
  let stack: TestStack
  let workers: WorkerProcesses | undefined
  before(async () => {
    // The API alone: jobs wait for worker processes of their own.
    stack = await startStack({}, { worker: false })
  })
  after(async () => {
    await workers?.stop()
    await stack?.stop()
  })

  const readiness = async () => {
    const answer = await call(stack, 'GET', '/readyz')
    expect(answer.status, answer.text).to.equal(200)
    return answer.body.data as { status: string; workers: Record<string, number> }
  }
  const workersInMetrics = async () => {
    const { text } = await scrape(stack.baseUrl)
    return Object.fromEntries(QUEUES.map((queue) => [queue, sampleValue(text, 'waitlist_queue_workers', { queue })]))
  }

  it('answers 200 "degraded" with no worker on any queue, and the metrics count 0', async () => {
    expect(await readiness()).to.deep.equal({
      status: 'degraded',
      dependencies: { postgres: 'up', redis: 'up' },
      workers: each(0),
    })
    expect(await workersInMetrics()).to.deep.equal(each(0))
  })

  it('answers "ready" once a worker process consumes every queue, and the metrics count it', async () => {
    workers = await startWorkerProcesses(1, {}, stack.queue)
    // Started once it consumes the first queue; the other two are a moment behind.
    let seen = {}
    await eventually(
      async () => (seen = await readiness()).status === 'ready',
      10_000,
      () => JSON.stringify(seen),
    )
    expect(seen).to.deep.include({ workers: each(1) })
    expect(await workersInMetrics()).to.deep.equal(each(1))
  })

  it('is "degraded" again once that worker is killed (SIGKILL: no goodbye), and the metrics count 0', async () => {
    for (const pid of workers?.pids ?? []) process.kill(pid, 'SIGKILL')
    await workers?.stop()
    workers = undefined
    let seen = {}
    await eventually(
      async () => (seen = await readiness()).status === 'degraded',
      10_000,
      () => JSON.stringify(seen),
    )
    expect(seen).to.deep.include({ workers: each(0) })
    expect(await workersInMetrics()).to.deep.equal(each(0))
  })
})
