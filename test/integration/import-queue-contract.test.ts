import { randomUUID } from 'node:crypto'
import { expect } from 'chai'
import { Queue, QueueEvents, type Job } from 'bullmq'
import IORedis from 'ioredis'
import { QueryTypes } from 'sequelize'
import { IMPORT_QUEUE_NAME } from '../../shared/queue/waitlist-queue'
import { IMPORT_JOB_NAME, importJobId, type ImportBatchId } from '../../shared/queue/import-waitlist-requests-job'
import { importJob, importRequestId } from '../../shared/queue/import-job-producer'
import { Actor } from '../../shared/auth/actor'
import { createRequest, startStack, type TestStack } from '../support/stack'
import { validBody } from '../support/fixtures'
import { staffToken } from '../support/tokens'
import { runImport } from '../../scripts/importer/run-import'

const importer = { sub: 'importer-1', role: 'STAFF', org_id: 'org-a' }

describe('import chunks added straight to the import queue', () => {
  let stack: TestStack
  let connection: IORedis
  let queue: Queue
  let events: QueueEvents
  before(async () => {
    stack = await startStack()
    connection = new IORedis(stack.config.REDIS_URL, { maxRetriesPerRequest: null })
    queue = new Queue(IMPORT_QUEUE_NAME, { connection, prefix: stack.config.QUEUE_PREFIX })
    events = new QueueEvents(IMPORT_QUEUE_NAME, {
      connection: connection.duplicate(),
      prefix: stack.config.QUEUE_PREFIX,
    })
    await events.waitUntilReady()
  })
  after(async () => {
    await events?.close()
    await queue?.close()
    await connection?.quit()
    await stack?.stop()
  })

  const batch = () => randomUUID() as ImportBatchId
  const resultOf = (job: Job) => job.waitUntilFinished(events, 15_000)
  const storedIds = async (ids: ReadonlyArray<string>) =>
    (
      await stack.sequelize.query<{ id: string }>('SELECT id FROM waitlist_requests WHERE id IN (:ids)', {
        replacements: { ids },
        type: QueryTypes.SELECT,
      })
    ).map((row) => row.id)

  it('takes the plain JSON of docs/queue-contract.md, answering each row and writing the valid ones', async () => {
    const batch_id = batch()
    const good = { row: 2, request_id: randomUUID(), patient_id: 'pat-a1', body: validBody() }
    const reversed = {
      row: 3,
      request_id: randomUUID(),
      patient_id: 'pat-a2',
      body: validBody({
        date_range_start: validBody()['date_range_end'],
        date_range_end: validBody()['date_range_start'],
      }),
    }
    const job = await queue.add(
      IMPORT_JOB_NAME,
      { version: 1, batch_id, chunk: 0, actor: importer, rows: [good, reversed] },
      { jobId: importJobId(batch_id, 0) },
    )
    expect(await resultOf(job)).to.deep.equal({
      outcome: 'processed',
      rows: [
        { row: 2, outcome: 'created', request_id: good.request_id },
        {
          row: 3,
          outcome: 'rejected',
          errors: [{ field: 'date_range_end', message: 'date_range_end must be on or after date_range_start' }],
        },
      ],
    })
    expect(await storedIds([good.request_id, reversed.request_id])).to.deep.equal([good.request_id])
    const [stored] = await stack.sequelize.query<Record<string, unknown>>(
      'SELECT created_by, patient_id, appointment_type, appointment_duration, status FROM waitlist_requests WHERE id = :id',
      { replacements: { id: good.request_id }, type: QueryTypes.SELECT },
    )
    expect(stored).to.deep.equal({
      created_by: 'importer-1',
      patient_id: 'pat-a1',
      appointment_type: 'INITIAL_EVAL',
      appointment_duration: 60,
      status: 'ACTIVE',
    })
    // Its history starts as a single create's does, written with it.
    expect(
      await stack.sequelize.query('SELECT version, event, actor FROM waitlist_request_history WHERE request_id = :id', {
        replacements: { id: good.request_id },
        type: QueryTypes.SELECT,
      }),
    ).to.deep.equal([{ version: 1, event: 'created', actor: 'importer-1' }])
  })

  it('rejects a row with the very field errors HTTP gives for the same body and patient', async () => {
    const body = validBody({ clinic_id: 'clinic-b1', priority: '2', preferred_days: ['FUNDAY'] })
    const viaHttp = await createRequest(stack, staffToken('org-a'), body, '?patient_id=pat-a1')
    expect(viaHttp.status).to.equal(400)
    expect(viaHttp.body.errors.map((error: { field: string }) => error.field)).to.deep.equal([
      'preferred_days',
      'priority',
    ])
    const batch_id = batch()
    const job = await queue.add(
      IMPORT_JOB_NAME,
      {
        version: 1,
        batch_id,
        chunk: 0,
        actor: importer,
        rows: [{ row: 7, request_id: randomUUID(), patient_id: 'pat-a1', body }],
      },
      { jobId: importJobId(batch_id, 0) },
    )
    expect(await resultOf(job)).to.deep.equal({
      outcome: 'processed',
      rows: [{ row: 7, outcome: 'rejected', errors: viaHttp.body.errors }],
    })
  })

  it("answers another organization's patient and clinic as unknown, as HTTP does", async () => {
    const batch_id = batch()
    const job = await queue.add(
      IMPORT_JOB_NAME,
      {
        version: 1,
        batch_id,
        chunk: 0,
        actor: importer,
        rows: [{ row: 2, request_id: randomUUID(), patient_id: 'pat-b1', body: validBody({ clinic_id: 'clinic-b1' }) }],
      },
      { jobId: importJobId(batch_id, 0) },
    )
    const result = await resultOf(job)
    expect(result.rows[0].errors.map((error: { field: string }) => error.field)).to.deep.equal([
      'patient_id',
      'clinic_id',
    ])
  })

  it('writes each row once when a chunk runs twice, answering the second run "existing"', async () => {
    const decodedActor = Actor.decode(importer)
    if (decodedActor._tag === 'Left') throw new Error('fixture actor')
    const batch_id = batch()
    const spec = importJob({
      batch_id,
      chunk: 0,
      actor: decodedActor.right,
      rows: [2, 3, 4].map((row) => ({ row, patient_id: 'pat-a1', body: validBody() })),
    })
    const first = await resultOf(await queue.add(spec.name, spec.data, spec.opts))
    // Added again under another job id: BullMQ would otherwise keep the first, so this is the worker's own idempotency.
    const second = await resultOf(
      await queue.add(spec.name, spec.data, { ...spec.opts, jobId: `${spec.opts.jobId}-again` }),
    )
    const ids = [2, 3, 4].map((row) => importRequestId(batch_id, row))
    expect(first.rows.map((row: { outcome: string }) => row.outcome)).to.deep.equal(['created', 'created', 'created'])
    expect(second.rows).to.deep.equal(
      ids.map((request_id, index) => ({ row: index + 2, outcome: 'existing', request_id })),
    )
    expect((await storedIds(ids)).sort()).to.deep.equal([...ids].sort())
    const [history] = await stack.sequelize.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM waitlist_request_history WHERE request_id IN (:ids)',
      { replacements: { ids }, type: QueryTypes.SELECT },
    )
    expect(history?.n).to.equal(3)
  })

  it('runs again a chunk whose answer was missed and whose job is no longer kept: its rows answer "existing"', async () => {
    const decodedActor = Actor.decode(importer)
    if (decodedActor._tag === 'Left') throw new Error('fixture actor')
    const batch_id = batch()
    const spec = importJob({
      batch_id,
      chunk: 0,
      actor: decodedActor.right,
      rows: [{ row: 2, patient_id: 'pat-a1', body: validBody() }],
    })
    // Events of another queue: the importer hears no answer, as across a Redis reconnect.
    const deaf = new QueueEvents('no-such-queue', {
      connection: connection.duplicate(),
      prefix: stack.config.QUEUE_PREFIX,
    })
    await deaf.waitUntilReady()
    // Retention trims the chunk's job once it has finished (the newest 500 chunks are kept), the first time only.
    let trimmed = false
    const trim = ({ jobId }: { jobId: string }) => {
      if (trimmed || jobId !== spec.opts.jobId) return
      trimmed = true
      void queue.remove(jobId)
    }
    events.on('completed', trim)
    try {
      const result = await runImport({ queue, events: deaf, jobs: [spec][Symbol.iterator]() })
      expect(trimmed).to.equal(true)
      expect(result).to.deep.equal({
        outcomes: [{ row: 2, outcome: 'existing', request_id: importRequestId(batch_id, 2) }],
        interrupted: false,
      })
    } finally {
      events.off('completed', trim)
      await deaf.close()
    }
  })

  it('rejects a chunk whose envelope is outside the versioned contract, naming what is wrong', async () => {
    const job = await queue.add(
      IMPORT_JOB_NAME,
      { version: 2, batch_id: 'nope', actor: importer, rows: 'all of them' },
      { jobId: `bad-${randomUUID()}` },
    )
    const result = await resultOf(job)
    expect(result.outcome).to.equal('rejected')
    expect(result.errors.map((error: { field: string }) => error.field)).to.include.members([
      'version',
      'batch_id',
      'chunk',
      'rows',
    ])
  })

  it('fails a job with an unknown name on the import queue once, without retries', async () => {
    const job = await queue.add(
      'create-waitlist-request',
      { version: 1 },
      { jobId: `unknown-${randomUUID()}`, attempts: 5 },
    )
    const error = await resultOf(job).then(
      () => undefined,
      (e: Error) => e,
    )
    expect(error?.message).to.match(/no processor for job name create-waitlist-request/)
    expect((await queue.getJob(job.id!))?.attemptsMade).to.equal(1)
  })
})
