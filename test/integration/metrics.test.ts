import { randomUUID } from 'node:crypto'
import { expect } from 'chai'
import { call, CREATE_PATH, createRequest, startStack, type TestStack } from '../support/stack'
import { validBody } from '../support/fixtures'
import { patientToken, staffToken } from '../support/tokens'
import { opened } from '../support/openings'
import { eventually } from '../support/eventually'
import { freePort } from '../support/free-port'
import { spawnService, type ServiceProcess } from '../support/processes'
import { samplesOf, sampleValue, scrape } from '../support/metrics'

const QUEUES = ['waitlist-requests', 'waitlist-imports', 'waitlist-events']
const STATES = ['waiting', 'active', 'delayed', 'failed', 'completed']
const CREATES = '/apis/v1/waitlist-requests'

const requestCount = (text: string, labels: Record<string, string>) =>
  sampleValue(text, 'waitlist_http_request_duration_seconds_count', labels)

describe('GET /metrics on the API (an API and a worker in this process)', () => {
  let stack: TestStack
  const sub = `user-${randomUUID()}`
  let requestId = ''
  before(async () => {
    stack = await startStack()
    const created = await createRequest(stack, patientToken('pat-a1', sub), validBody())
    expect(created.status, created.text).to.equal(201)
    requestId = created.body.data.id
    const refused = await createRequest(stack, patientToken('pat-a1', sub), validBody({ priority: 9 }))
    expect(refused.status).to.equal(400)
    expect(
      (await call(stack, 'GET', `${CREATE_PATH}/${requestId}`, { token: patientToken('pat-a1', sub) })).status,
    ).to.equal(200)
    expect((await call(stack, 'GET', `/no/such/path/${randomUUID()}`)).status).to.equal(404)
    await opened(stack, staffToken())
  })
  after(async () => {
    await stack?.stop()
  })

  it("answers in Prometheus's text format, without a token when no METRICS_TOKEN is set", async () => {
    const response = await fetch(`${stack.baseUrl}/metrics`)
    expect(response.status).to.equal(200)
    expect(response.headers.get('content-type')).to.match(/^text\/plain; version=0\.0\.4/)
    expect(await response.text()).to.match(/^# HELP waitlist_/m)
  })

  it('times requests by method, route pattern (never the path as sent) and status', async () => {
    const { text } = await scrape(stack.baseUrl)
    expect(requestCount(text, { method: 'POST', route: CREATES, status: '201' })).to.be.at.least(1)
    expect(requestCount(text, { method: 'POST', route: CREATES, status: '400' })).to.be.at.least(1)
    expect(requestCount(text, { method: 'GET', route: `${CREATES}/:id`, status: '200' })).to.be.at.least(1)
    expect(requestCount(text, { method: 'GET', route: 'unmatched', status: '404' })).to.be.at.least(1)
    const routes = new Set(samplesOf(text).flatMap((sample) => sample.labels['route'] ?? []))
    for (const route of routes) expect(route, 'a route label is a pattern').to.match(/^(unmatched|\/[\w/:-]*)$/)
  })

  it('counts the create outcomes by status', async () => {
    const { text } = await scrape(stack.baseUrl)
    expect(sampleValue(text, 'waitlist_create_outcomes_total', { status: '201' })).to.be.at.least(1)
    expect(sampleValue(text, 'waitlist_create_outcomes_total', { status: '400' })).to.be.at.least(1)
  })

  it('reads each queue’s job counts, its workers, and openings and offers by status when scraped', async () => {
    const { text } = await scrape(stack.baseUrl)
    for (const queue of QUEUES)
      for (const state of STATES)
        expect(sampleValue(text, 'waitlist_queue_jobs', { queue, state }), `${queue} ${state}`).to.be.a('number')
    expect(sampleValue(text, 'waitlist_queue_jobs', { queue: 'waitlist-requests', state: 'completed' })).to.be.at.least(
      2,
    )
    for (const queue of QUEUES) expect(sampleValue(text, 'waitlist_queue_workers', { queue }), queue).to.equal(1)
    for (const status of ['OPEN', 'FILLED', 'WITHDRAWN', 'EXPIRED'])
      expect(sampleValue(text, 'waitlist_openings', { status }), status).to.be.a('number')
    expect(sampleValue(text, 'waitlist_openings', { status: 'OPEN' })).to.be.at.least(1)
    for (const status of ['PENDING', 'ACCEPTED', 'DECLINED', 'EXPIRED', 'WITHDRAWN'])
      expect(sampleValue(text, 'waitlist_offers', { status }), status).to.be.a('number')
    expect(sampleValue(text, 'waitlist_metrics_read_failures_total', { source: 'queues' }) ?? 0).to.equal(0)
  })

  it('names no patient, request, caller or clinic in any label', async () => {
    const { text } = await scrape(stack.baseUrl)
    for (const id of [requestId, 'pat-a1', sub, 'clinic-a1', 'org-a']) expect(text).not.to.include(id)
  })
})

describe('GET /metrics with METRICS_TOKEN set', () => {
  let stack: TestStack
  const token = `metrics-${randomUUID()}`
  before(async () => {
    stack = await startStack({ METRICS_TOKEN: token })
  })
  after(async () => {
    await stack?.stop()
  })

  it('answers 401 in the envelope without the token or with another, and the metrics with it', async () => {
    const attempts: ReadonlyArray<Record<string, string>> = [
      {},
      { Authorization: 'Bearer wrong' },
      { Authorization: token },
    ]
    for (const headers of attempts) {
      const answer = await call(stack, 'GET', '/metrics', { headers })
      expect(answer.status, answer.text).to.equal(401)
      expect(answer.headers.get('www-authenticate')).to.equal('Bearer')
      expect(answer.body).to.deep.equal({
        code: 4010,
        message: 'metrics are read with the metrics bearer token',
        data: null,
      })
    }
    const { status, text } = await scrape(stack.baseUrl, token)
    expect(status).to.equal(200)
    expect(text).to.include('waitlist_http_request_duration_seconds')
  })
})

describe('metrics of the processes as an operator runs them', function () {
  this.timeout(60_000)
  let stack: TestStack
  const processes: ServiceProcess[] = []
  const run = (script: Parameters<typeof spawnService>[0], env: Record<string, string>) => {
    const child = spawnService(script, env)
    processes.push(child)
    return child
  }
  before(async () => {
    // The API in this process, without a worker: the worker processes below take its jobs.
    stack = await startStack({}, { worker: false })
  })
  afterEach(async () => {
    for (const child of processes.splice(0)) {
      child.child.kill('SIGTERM')
      await child.exited
    }
  })
  after(async () => {
    await stack?.stop()
  })

  it('a worker process serves its job durations, by queue, job name and outcome, on WORKER_METRICS_PORT', async () => {
    const port = await freePort()
    const token = `metrics-${randomUUID()}`
    const worker = run('start-worker', { WORKER_METRICS_PORT: String(port), METRICS_TOKEN: token })
    await worker.logged('worker metrics listening')
    const workerUrl = `http://127.0.0.1:${port}`

    const created = await createRequest(stack, patientToken(), validBody())
    expect(created.status, created.text).to.equal(201)
    // A name no processor has, as any producer on the public queue may write: counted, but never as a label.
    const madeUp = `made-up-${randomUUID()}`
    await stack.queue.add(madeUp, {})

    const text = await eventually(async () => {
      const scraped = await scrape(workerUrl, token)
      return (
        (sampleValue(scraped.text, 'waitlist_job_duration_seconds_count', { name: 'unknown' }) ?? 0) > 0 && scraped.text
      )
    })
    const labels = { queue: 'waitlist-requests', name: 'create-waitlist-request', outcome: 'completed' }
    expect(sampleValue(text, 'waitlist_job_duration_seconds_count', labels)).to.equal(1)
    expect(sampleValue(text, 'waitlist_job_duration_seconds_sum', labels))
      .to.be.above(0)
      .and.below(10)
    expect(
      sampleValue(text, 'waitlist_job_duration_seconds_count', { queue: 'waitlist-requests', outcome: 'failed' }),
    ).to.equal(1)
    expect(text).not.to.include(madeUp)
    expect(sampleValue(text, 'process_cpu_user_seconds_total')).to.be.a('number')
    expect(text).to.include('nodejs_eventloop_lag_seconds')

    expect((await scrape(workerUrl)).status, 'without the token').to.equal(401)
    expect((await fetch(`${workerUrl}/other`)).status).to.equal(404)
  })

  it('a worker process whose metrics port is taken says so and works on', async () => {
    const taken = new URL(stack.baseUrl).port
    const worker = run('start-worker', { WORKER_METRICS_PORT: taken })
    await worker.logged('worker metrics not served: could not listen on WORKER_METRICS_PORT')
    await worker.logged('worker running')
    const created = await createRequest(stack, patientToken(), validBody())
    expect(created.status, created.text).to.equal(201)
  })

  it('an API process serves its own metrics and the process metrics at /metrics', async () => {
    const port = await freePort()
    const api = run('start-ingress', { PORT: String(port) })
    await api.logged('ingress listening')
    const { status, text } = await scrape(`http://127.0.0.1:${port}`)
    expect(status).to.equal(200)
    expect(sampleValue(text, 'process_cpu_user_seconds_total')).to.be.a('number')
    expect(text).to.include('nodejs_heap_size_used_bytes')
    expect(text).to.include('waitlist_queue_jobs')
    expect(text).not.to.include('waitlist_job_duration_seconds')
  })

  it('`npm start` (API and worker in one process) serves both at the API’s /metrics, and opens no worker port', async () => {
    const [port, workerPort] = [await freePort(), await freePort()]
    const single = run('start', { PORT: String(port), WORKER_METRICS_PORT: String(workerPort) })
    await single.logged('ingress listening', 30_000)
    const baseUrl = `http://127.0.0.1:${port}`
    const created = await createRequest({ baseUrl }, patientToken(), validBody())
    expect([201, 202]).to.include(created.status)
    const text = await eventually(async () => {
      const scraped = await scrape(baseUrl)
      return scraped.text.includes('waitlist_job_duration_seconds_count') && scraped.text
    })
    expect(requestCount(text, { method: 'POST', route: CREATES })).to.be.at.least(1)
    expect(samplesOf(text).filter((sample) => sample.name === 'process_cpu_user_seconds_total')).to.have.length(1)
    const workerPortAnswer = await fetch(`http://127.0.0.1:${workerPort}/metrics`).then(
      () => 'answered',
      () => 'refused',
    )
    expect(workerPortAnswer).to.equal('refused')
  })
})
