import { setTimeout as sleep } from 'node:timers/promises'
import { randomUUID } from 'node:crypto'
import { expect } from 'chai'
import { Queue } from 'bullmq'
import { Redis } from 'ioredis'
import { Agent, request } from 'node:http'
import { IMPORT_JOB_NAME, importJobId } from '../../shared/queue/import-waitlist-requests-job'
import { createJobId } from '../../shared/queue/create-waitlist-request-job'
import type { RequestId } from '../../shared/codecs/request-id'
import { IMPORT_QUEUE_NAME, QUEUE_NAME } from '../../shared/queue/waitlist-queue'
import { waitlistJobOptions } from '../../shared/queue/job-options'
import { CREATE_PATH, startStack, type TestStack } from '../support/stack'
import { validBody } from '../support/fixtures'
import { patientToken } from '../support/tokens'
import { lockRequestsTable } from '../support/table-lock'
import { eventually } from '../support/eventually'
import { freePort } from '../support/free-port'
import { spawnService, type ServiceProcess } from '../support/processes'

const IN_FLIGHT = 200
const IMPORT_ROWS = 300

type Answer = { readonly status: number; readonly id?: string; readonly connection: string | undefined } | Error

/** One HTTP request on `agent` (node:http, so keep-alive sockets are reused and the Connection header is seen). */
const send = (agent: Agent, port: number, method: string, path: string, headers: Record<string, string>, body = '') =>
  new Promise<{ status: number; connection: string | undefined; text: string }>((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, method, path, headers, agent }, (incoming) => {
      let text = ''
      incoming.on('data', (chunk: Buffer) => (text += chunk.toString()))
      incoming.on('end', () =>
        resolve({ status: incoming.statusCode ?? 0, connection: incoming.headers.connection, text }),
      )
      incoming.on('error', reject)
    })
    outgoing.on('error', reject)
    outgoing.end(body)
  })

/**
 * SIGTERM with ~200 creates in flight on keep-alive connections and an import chunk in hand, as an operator or an
 * orchestrator stops the service: every request the API accepted is answered, every answered 201/202 is stored
 * exactly once, no job fails, no log line is an error (a closed pool, a lost connection), and the last line says
 * the process stopped.
 */
describe('shutdown on SIGTERM with work in flight (real processes)', function () {
  this.timeout(120_000)
  let stack: TestStack
  let redis: Redis
  let imports: Queue
  let creates: Queue
  const running: ServiceProcess[] = []
  before(async () => {
    stack = await startStack({}, { worker: false })
    redis = new Redis(stack.config.REDIS_URL, { maxRetriesPerRequest: null })
    imports = new Queue(IMPORT_QUEUE_NAME, { connection: redis, prefix: stack.config.QUEUE_PREFIX })
    creates = new Queue(QUEUE_NAME, { connection: redis, prefix: stack.config.QUEUE_PREFIX })
  })
  after(async () => {
    for (const service of running) if (service.child.exitCode === null) service.child.kill('SIGKILL')
    await imports?.close()
    await creates?.close()
    await redis?.quit()
    await stack?.stop()
  })

  const storedCount = async (ids: ReadonlyArray<string>) => {
    const [rows] = (await stack.sequelize.query(
      'SELECT id, count(*)::int AS n FROM waitlist_requests WHERE id::text IN (:ids) GROUP BY id',
      { replacements: { ids: ids.length === 0 ? [''] : ids } },
    )) as [Array<{ id: string; n: number }>, unknown]
    return rows
  }

  const enqueueImport = async () => {
    const batchId = randomUUID()
    const rows = Array.from({ length: IMPORT_ROWS }, (_, index) => ({
      row: index + 2,
      request_id: randomUUID(),
      patient_id: 'pat-a1',
      body: validBody({ notes: `import row ${index}` }),
    }))
    await imports.add(
      IMPORT_JOB_NAME,
      { version: 1, batch_id: batchId, chunk: 0, actor: { sub: 'importer-1', role: 'STAFF', org_id: 'org-a' }, rows },
      { ...waitlistJobOptions, jobId: importJobId(batchId as never, 0) },
    )
    return { ids: rows.map((row) => row.request_id), job: importJobId(batchId as never, 0) }
  }

  /** Every process's log: no error line, no pool fault, and "stopped" as its last line. */
  const expectCleanStop = async (service: ServiceProcess) => {
    expect(await service.exited, service.output()).to.equal(0)
    const lines = service
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: number; msg: string })
    expect(
      lines.filter((line) => line.level >= 50),
      'error lines',
    ).to.deep.equal([])
    expect(service.output()).not.to.match(/ConnectionManager|connection manager was closed/)
    expect(lines[lines.length - 1]?.msg).to.equal('stopped')
  }

  const run = async (processes: ReadonlyArray<'start' | 'start-ingress' | 'start-worker'>) => {
    const port = await freePort()
    const env = { PORT: String(port), HOST: '127.0.0.1', JOB_WAIT_TIMEOUT_MS: '30000', SHUTDOWN_TIMEOUT_MS: '60000' }
    const services = processes.map((name) => spawnService(name, env))
    running.push(...services)
    await Promise.all(
      services.map((service, index) =>
        service.logged(processes[index] === 'start-worker' ? 'worker running' : 'ingress listening'),
      ),
    )
    // Keep-alive sockets, opened before the signal and reused by the creates.
    const agent = new Agent({ keepAlive: true })
    await Promise.all(Array.from({ length: 50 }, () => send(agent, port, 'GET', '/healthz', {})))

    // Writes wait behind the lock, so every create is surely in flight when the signal comes.
    const lock = await lockRequestsTable(stack.sequelize)
    const importJob = await enqueueImport()
    const answers: Promise<Answer>[] = Array.from({ length: IN_FLIGHT }, (_, index) =>
      send(
        agent,
        port,
        'POST',
        CREATE_PATH,
        { Authorization: `Bearer ${patientToken('pat-a1', `user-stop-${index}`)}`, 'Content-Type': 'application/json' },
        JSON.stringify(validBody({ notes: `in flight ${index}` })),
      ).then(
        (answer) => {
          const body = JSON.parse(answer.text) as { data?: { id?: string } }
          return { status: answer.status, id: body.data?.id, connection: answer.connection }
        },
        (error: unknown) => error as Error,
      ),
    )
    // Every create received and its job queued: none is still in the listening socket's backlog, which closing it
    // refuses (as it must: those were never taken in).
    await eventually(async () => {
      const counts = await creates.getJobCounts('active', 'waiting', 'prioritized')
      return Object.values(counts).reduce((sum, n) => sum + n, 0) >= IN_FLIGHT ? true : undefined
    }, 30_000)
    for (const service of services) service.child.kill('SIGTERM')
    await sleep(500)
    expect(
      services.map((service) => service.child.exitCode),
      'processes must wait for the work they hold',
    ).to.deep.equal(services.map(() => null))
    await lock.release()

    const settled = await Promise.all(answers)
    const failures = settled.filter((answer): answer is Error => answer instanceof Error)
    expect(failures.map(String), 'requests in flight that got no answer').to.deep.equal([])
    const answered = settled as Array<Exclude<Answer, Error>>
    expect([...new Set(answered.map((answer) => answer.status))].sort()).to.satisfy((statuses: number[]) =>
      statuses.every((status) => status === 201 || status === 202),
    )
    expect(
      answered.every((answer) => answer.connection === 'close'),
      'answers given while stopping close their connection',
    ).to.equal(true)
    for (const service of services) await expectCleanStop(service)
    agent.destroy()
    return { ids: answered.map((answer) => answer.id ?? ''), importJob }
  }

  /** What a stopped deployment left queued is done by the next worker, once. */
  const drainWithNewWorker = async () => {
    const worker = spawnService('start-worker', {})
    running.push(worker)
    await worker.logged('worker running')
    return worker
  }

  const expectEachStoredOnce = async (ids: ReadonlyArray<string>) => {
    const rows = await eventually(async () => {
      const found = await storedCount(ids)
      return found.length === ids.length ? found : undefined
    }, 30_000)
    expect(rows.every((row) => row.n === 1)).to.equal(true)
  }

  /** Other tests of this run share the queues, so only this test's own jobs are looked at. */
  const expectNoFailedJob = async (ids: ReadonlyArray<string>, importJob: string) => {
    const unfinished = async () =>
      (
        await Promise.all([
          ...ids.map((id) => creates.getJobState(createJobId(id as RequestId))),
          imports.getJobState(importJob),
        ])
      ).filter((state) => state !== 'completed')
    // A row is committed a moment before its job is marked completed.
    await eventually(async () => (await unfinished()).every((state) => state === 'failed'), 10_000).catch(
      () => undefined,
    )
    expect(await unfinished()).to.deep.equal([])
  }

  it('npm start (API and worker in one process): answers everything in flight, stores it once, stops clean', async () => {
    const { ids, importJob } = await run(['start'])
    const drain = await drainWithNewWorker()
    await expectEachStoredOnce(ids)
    await expectEachStoredOnce(importJob.ids)
    await expectNoFailedJob(ids, importJob.job)
    drain.child.kill('SIGTERM')
    await expectCleanStop(drain)
  })

  it('separate API and worker processes stopped together: the same promise', async () => {
    const { ids, importJob } = await run(['start-ingress', 'start-worker'])
    const drain = await drainWithNewWorker()
    await expectEachStoredOnce(ids)
    await expectEachStoredOnce(importJob.ids)
    await expectNoFailedJob(ids, importJob.job)
    drain.child.kill('SIGTERM')
    await expectCleanStop(drain)
  })
})
