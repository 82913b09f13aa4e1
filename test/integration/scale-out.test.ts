import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { expect } from 'chai'
import { Queue, QueueEvents } from 'bullmq'
import IORedis from 'ioredis'
import { QueryTypes } from 'sequelize'
import { Actor } from '../../shared/auth/actor'
import { CREATE_JOB_NAME, createJobId } from '../../shared/queue/create-waitlist-request-job'
import { importJobs } from '../../shared/queue/import-job-producer'
import type { ImportBatchId } from '../../shared/queue/import-waitlist-requests-job'
import { waitlistJobOptions } from '../../shared/queue/job-options'
import { IMPORT_QUEUE_NAME, QUEUE_NAME } from '../../shared/queue/waitlist-queue'
import { startWorkerProcesses, type WorkerProcesses } from '../../scripts/worker-processes'
import { startStack, type TestStack } from '../support/stack'
import { validBody } from '../support/fixtures'

const CHUNKS = 30
const ROWS_PER_CHUNK = 40
const CREATES = 60

/**
 * Three worker processes, started as an operator starts them, share one pair of
 * queues (a prefix of their own, so the test stack's in-process worker takes no
 * part): every job must run exactly once, and the work must spread.
 */
describe('scaling out: three worker processes on one queue', function () {
  this.timeout(90_000)
  let stack: TestStack
  let connection: IORedis
  let imports: Queue
  let creates: Queue
  let workers: WorkerProcesses | undefined
  const prefix = `{waitlist-test-${process.pid}-scale}`

  before(async () => {
    stack = await startStack()
    connection = new IORedis(stack.config.REDIS_URL, { maxRetriesPerRequest: null })
    imports = new Queue(IMPORT_QUEUE_NAME, { connection, prefix })
    creates = new Queue(QUEUE_NAME, { connection, prefix })
  })
  after(async () => {
    await workers?.stop()
    for (const queue of [imports, creates]) {
      await queue?.obliterate({ force: true }).catch(() => undefined)
      await queue?.close()
    }
    const leftovers = await connection?.keys(`${prefix}*`)
    if (leftovers !== undefined && leftovers.length > 0) await connection.del(...leftovers)
    await connection?.quit()
    await stack?.stop()
  })

  it('processes every job exactly once, each by one of the processes, and writes every row once', async () => {
    workers = await startWorkerProcesses(
      3,
      { QUEUE_PREFIX: prefix, WORKER_CONCURRENCY: '4', IMPORT_CONCURRENCY: '2' },
      imports,
    )

    // Every start and every finish, per job, as BullMQ reports them to any listener.
    const started = new Map<string, number>()
    const finished = new Map<string, number>()
    const listeners = [imports, creates].map((queue) => {
      // From the stream's start (it is this test's alone): reading from "now" could begin after the first jobs started.
      const events = new QueueEvents(queue.name, { connection: connection.duplicate(), prefix, lastEventId: '0' })
      events.on('active', ({ jobId }) => started.set(jobId, (started.get(jobId) ?? 0) + 1))
      events.on('completed', ({ jobId }) => finished.set(jobId, (finished.get(jobId) ?? 0) + 1))
      return events
    })
    await Promise.all(listeners.map((events) => events.waitUntilReady()))

    try {
      const actor = Actor.decode({ sub: 'importer-scale', role: 'STAFF', org_id: 'org-a' })
      if (actor._tag === 'Left') throw new Error('fixture actor')
      const chunkJobs = importJobs({
        batch_id: randomUUID() as ImportBatchId,
        actor: actor.right,
        rows: Array.from({ length: CHUNKS * ROWS_PER_CHUNK }, (_, index) => ({
          row: index + 1,
          patient_id: index % 2 === 0 ? 'pat-a1' : 'pat-a2',
          body: validBody({ notes: `scale ${index}` }),
        })),
        chunkRows: ROWS_PER_CHUNK,
      })
      const createIds = Array.from({ length: CREATES }, () => randomUUID())
      await Promise.all([
        imports.addBulk(chunkJobs.map(({ name, data, opts }) => ({ name, data, opts }))),
        creates.addBulk(
          createIds.map((request_id) => ({
            name: CREATE_JOB_NAME,
            data: {
              version: 1,
              request_id,
              actor: { sub: 'creator-scale', role: 'STAFF', org_id: 'org-a' },
              patient_id: 'pat-a1',
              body: validBody(),
            },
            opts: { ...waitlistJobOptions, jobId: createJobId(request_id as never) },
          })),
        ),
      ])
      const expected = [...chunkJobs.map((job) => job.opts.jobId), ...createIds.map((id) => createJobId(id as never))]

      const deadline = Date.now() + 60_000
      while (expected.some((id) => !finished.has(id)) && Date.now() < deadline) {
        await sleep(100)
      }
      // A moment more, so a second run of any job would have been seen.
      await sleep(500)

      expect(
        expected.filter((id) => finished.get(id) !== 1),
        'jobs not finished exactly once',
      ).to.deep.equal([])
      expect(
        expected.filter((id) => started.get(id) !== 1),
        'jobs not started exactly once',
      ).to.deep.equal([])
      expect(await imports.getJobCounts('completed', 'failed', 'waiting', 'active', 'delayed')).to.deep.equal({
        completed: CHUNKS,
        failed: 0,
        waiting: 0,
        active: 0,
        delayed: 0,
      })
      expect((await creates.getJobCounts('completed', 'failed')).completed).to.equal(CREATES)

      const chunkResults = await Promise.all(chunkJobs.map((job) => imports.getJob(job.opts.jobId)))
      const outcomes = chunkResults.flatMap(
        (job) => job?.returnvalue.rows.map((row: { outcome: string }) => row.outcome) ?? [],
      )
      // A chunk run a second time would answer its rows "existing": every row was created by the one run.
      expect(outcomes).to.have.length(CHUNKS * ROWS_PER_CHUNK)
      expect(new Set(outcomes)).to.deep.equal(new Set(['created']))
      expect(
        chunkResults.map((job) => ({ started: job?.attemptsStarted, stalled: job?.stalledCounter })),
        'each chunk started once, never stalled',
      ).to.deep.equal(chunkJobs.map(() => ({ started: 1, stalled: 0 })))

      // The work spread: the import chunks alone were taken by more than one process.
      const processedBy = new Set(chunkResults.map((job) => job?.processedBy))
      expect(processedBy.size, `chunks processed by ${[...processedBy].join(', ')}`).to.be.at.least(2)

      const [rows] = await stack.sequelize.query<{ imported: number; distinct_imported: number; created: number }>(
        `SELECT count(*) FILTER (WHERE created_by = 'importer-scale')::int AS imported,
                count(DISTINCT id) FILTER (WHERE created_by = 'importer-scale')::int AS distinct_imported,
                count(*) FILTER (WHERE created_by = 'creator-scale')::int AS created
           FROM waitlist_requests`,
        { type: QueryTypes.SELECT },
      )
      expect(rows).to.deep.equal({
        imported: CHUNKS * ROWS_PER_CHUNK,
        distinct_imported: CHUNKS * ROWS_PER_CHUNK,
        created: CREATES,
      })
    } finally {
      await Promise.all(listeners.map((events) => events.close()))
    }
  })
})
