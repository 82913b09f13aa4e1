import { once } from 'node:events'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import { Cluster, Redis } from 'ioredis'
import { DateTime } from 'luxon'
import { loadConfig, createLogger } from '../../scripts/runtime'
import { importFile } from '../../scripts/import'
import { EVENTS_QUEUE_NAME, IMPORT_QUEUE_NAME, QUEUE_NAME } from '../../shared/queue/waitlist-queue'
import { call, createRequest, startStack, type TestStack } from '../support/stack'
import { startRedisCluster, type LocalRedisCluster } from '../support/redis-cluster'
import { spawnService, type ServiceProcess } from '../support/processes'
import { freePort } from '../support/free-port'
import { patientToken, staffToken } from '../support/tokens'
import { clinicDate, validBody } from '../support/fixtures'
import { cancel, etagOf, filed, fulfill, historyOf, patch, pathOf } from '../support/lifecycle'
import {
  answerOffer,
  asPatient,
  fileRequest,
  offersWhen,
  openSlot,
  openingOf,
  requestStatus,
  seedOfferOrganization,
  zoneAt,
} from '../support/offers'
import { adminSession, board } from '../support/admin'
import { sampleValue, scrape } from '../support/metrics'

/**
 * The service on a Redis Cluster of three masters (docs/scaling.md#redis-cluster): an API process and a worker
 * process started as an operator starts them, with REDIS_CLUSTER_NODES naming the cluster and REDIS_URL naming a
 * port nothing listens on, so a connection made past the factory would fail. Creates, idempotent replays, an
 * import, the lifecycle, offers, the dashboard, metrics and readiness all run through it.
 */
describe('on a Redis Cluster: queues, events, idempotency and rate limits with hash-tagged keys', function () {
  this.timeout(120_000)
  // The default quiet hours (20:00 to 08:00) must not hold the offer round back, whatever the time of the run.
  const zone = zoneAt(12)
  const prefix = `{waitlist-cluster-${process.pid}}`
  const jane = patientToken('pat-a1', 'user-jane')
  const staff = staffToken('org-a', 'STAFF', 'user-front-desk')
  let cluster: LocalRedisCluster
  let stack: TestStack
  /** The stack's database and producer, with the API process's address. */
  let api: TestStack
  let dir: string
  const running: ServiceProcess[] = []

  before(async () => {
    cluster = await startRedisCluster()
    dir = await mkdtemp(join(tmpdir(), 'waitlist-cluster-import-'))
    const env = {
      REDIS_CLUSTER_NODES: cluster.seeds,
      REDIS_URL: 'redis://127.0.0.1:1/0',
      QUEUE_PREFIX: prefix,
      // The sweeps' schedulers are registered on the cluster too.
      EXPIRY_SWEEP_INTERVAL_MS: '300000',
      OUTBOX_SWEEP_INTERVAL_MS: '60000',
    }
    const config = loadConfig({ ...process.env, ...env })
    const { REDIS_CLUSTER_NODES, REDIS_URL, QUEUE_PREFIX } = config
    stack = await startStack({ REDIS_CLUSTER_NODES, REDIS_URL, QUEUE_PREFIX }, { worker: false })
    await seedOfferOrganization(stack, { clinic: zone, elsewhere: zone })
    const port = await freePort()
    running.push(spawnService('start-ingress', { ...env, PORT: String(port) }), spawnService('start-worker', env))
    await Promise.all([running[0]!.logged('ingress listening'), running[1]!.logged('worker running')])
    api = { ...stack, baseUrl: `http://127.0.0.1:${port}` }
  })
  after(async () => {
    for (const service of running) {
      if (service.child.exitCode === null && service.child.signalCode === null) service.child.kill('SIGTERM')
      await service.exited
    }
    await stack?.stop()
    await cluster?.stop()
    if (dir !== undefined) await rm(dir, { recursive: true, force: true })
  })

  it('creates: 201, readable at its Location; an Idempotency-Key replays the first answer, one row', async () => {
    const created = await createRequest(api, jane, validBody())
    expect(created.status, created.text).to.equal(201)
    expect((await call(api, 'GET', created.headers.get('location') ?? '', { token: jane })).status).to.equal(200)

    const keyed = { token: jane, body: validBody({ priority: 2 }), headers: { 'Idempotency-Key': '"cluster-1"' } }
    const first = await call(api, 'POST', '/apis/v1/waitlist-requests', keyed)
    const again = await call(api, 'POST', '/apis/v1/waitlist-requests', keyed)
    expect(first.status, first.text).to.equal(201)
    expect(again.status).to.equal(201)
    expect(again.headers.get('idempotent-replayed')).to.equal('true')
    expect(again.body.data.id).to.equal(first.body.data.id)
    const [rows] = await stack.sequelize.query('SELECT id FROM waitlist_requests WHERE id = $1', {
      bind: [first.body.data.id],
    })
    expect(rows).to.have.length(1)
  })

  it('imports a file through the import queue, and a rerun creates nothing twice', async () => {
    const file = join(dir, 'clinic.ndjson')
    const row = (patient: string, days: number) =>
      JSON.stringify({ ...validBody({ date_range_start: clinicDate('clinic-a1', days) }), patient_id: patient })
    await writeFile(file, [row('pat-a1', 3), row('pat-a2', 4), row('pat-a2', 5)].join('\n'))
    const options = {
      file,
      organization: 'org-a',
      user: 'importer-7',
      role: 'STAFF',
      report: `${file}.report.csv`,
      chunkRows: 2,
      maxBytes: 1024 * 1024,
      progress: false,
    }
    const logger = createLogger({ ...stack.config, LOG_LEVEL: 'silent' }, 'cluster-import')
    expect(await importFile(stack.config, logger, options)).to.deep.include({ created: 3, existing: 0 })
    expect(await importFile(stack.config, logger, options)).to.deep.include({ created: 0, existing: 3 })
  })

  it('runs the lifecycle: a change with its ETag, a cancel, a fulfil, and the history of each', async () => {
    const changed = await filed(api, jane)
    const answer = await patch(api, staff, changed['id'], { priority: 1 }, await etagOf(api, staff, changed['id']))
    expect(answer.status, answer.text).to.equal(200)
    expect(answer.body.data.priority).to.equal(1)
    expect((await cancel(api, jane, changed['id'], { reason: 'Found a slot elsewhere' })).status).to.equal(200)
    const booked = await filed(api, jane)
    expect((await fulfill(api, staff, booked['id'])).status).to.equal(200)
    const history = await historyOf(api, staff, changed['id'])
    expect(history.status, history.text).to.equal(200)
    expect((await call(api, 'GET', pathOf(booked['id']), { token: staff })).body.data.status).to.equal('FULFILLED')
  })

  it("opens a slot, sends its round's offers, and books it on an accept", async () => {
    const slot = DateTime.fromISO(`${DateTime.now().setZone(zone).plus({ days: 2 }).toISODate()}T10:00`, { zone })
    const requests = [await fileRequest(api, 1, slot), await fileRequest(api, 2, slot)]
    const openingId = await openSlot(api, slot)
    const offers = await offersWhen(api, openingId, (rows) => rows.length === 2)
    const taken = offers[0]!
    const accepted = await answerOffer(api, 'accept', taken.id, asPatient(taken.patient_id))
    expect(accepted.status, accepted.text).to.equal(200)
    expect(accepted.body.data.status).to.equal('ACCEPTED')
    expect(await openingOf(api, openingId)).to.include({ status: 'FILLED' })
    expect(await requestStatus(api, taken.request_id)).to.equal('FULFILLED')
    expect(requests).to.include(taken.request_id)
  })

  it("reads the cluster's queues for readiness, metrics and the admin dashboard", async () => {
    const ready = await call(api, 'GET', '/readyz')
    expect(ready.status, ready.text).to.equal(200)
    expect(ready.body.data).to.deep.include({
      status: 'ready',
      workers: { [QUEUE_NAME]: 1, [IMPORT_QUEUE_NAME]: 1, [EVENTS_QUEUE_NAME]: 1 },
    })
    const metrics = await scrape(api.baseUrl)
    expect(sampleValue(metrics.text, 'waitlist_queue_workers', { queue: QUEUE_NAME })).to.equal(1)
    expect(sampleValue(metrics.text, 'waitlist_queue_jobs', { queue: QUEUE_NAME, state: 'completed' })).to.be.above(0)
    const queues = await board(api, '/api/queues', await adminSession(api))
    expect(queues.status).to.equal(200)
    const names = ((await queues.json()) as { queues: Array<{ name: string }> }).queues.map((queue) => queue.name)
    expect(names).to.have.members([QUEUE_NAME, IMPORT_QUEUE_NAME, EVENTS_QUEUE_NAME])
  })

  it('keeps every key under the prefix, one hash tag and so one slot, and none on the shared Redis', async () => {
    const reader = new Cluster(cluster.ports.map((port) => ({ host: '127.0.0.1', port })))
    const shared = new Redis(process.env['REDIS_URL'] ?? '')
    try {
      await once(reader, 'ready')
      const keys = (await Promise.all(reader.nodes('master').map((node) => node.keys('*')))).flat()
      expect(keys.filter((key) => !key.startsWith(`${prefix}:`))).to.deep.equal([])
      for (const kind of ['idempotency', 'rate-limit', QUEUE_NAME, IMPORT_QUEUE_NAME, EVENTS_QUEUE_NAME]) {
        expect(
          keys.some((key) => key.startsWith(`${prefix}:${kind}:`)),
          kind,
        ).to.equal(true)
      }
      const slots = new Set(await Promise.all(keys.map((key) => reader.cluster('KEYSLOT', key))))
      expect(slots.size).to.equal(1)
      expect(await shared.keys(`${prefix}*`)).to.deep.equal([])
    } finally {
      reader.disconnect()
      shared.disconnect()
    }
  })
})
