import { randomUUID } from 'node:crypto'
import { expect } from 'chai'
import { Job, Queue, QueueEvents } from 'bullmq'
import IORedis from 'ioredis'
import { QueryTypes } from 'sequelize'
import { IMPORT_QUEUE_NAME, QUEUE_NAME } from '../../shared/queue/waitlist-queue'
import { CREATE_JOB_NAME, createJobId } from '../../shared/queue/create-waitlist-request-job'
import { CANCEL_JOB_NAME, cancelJobId } from '../../shared/queue/cancel-waitlist-request-job'
import { CHANGE_JOB_NAME, changeJobId } from '../../shared/queue/change-waitlist-request-job'
import { FULFILL_JOB_NAME, fulfillJobId } from '../../shared/queue/fulfill-waitlist-request-job'
import { IMPORT_JOB_NAME, importJobId } from '../../shared/queue/import-waitlist-requests-job'
import { importJobOptions, waitlistJobOptions } from '../../shared/queue/job-options'
import { clinicDate, validBody } from '../support/fixtures'
import { booking, cancel, filed, pathOf } from '../support/lifecycle'
import { call, startStack, type TestStack } from '../support/stack'
import { patientToken, staffToken } from '../support/tokens'

/**
 * What PostgreSQL refuses for its data is the job's answer, at once: the job
 * completes with a rejection on its first attempt, never fails an attempt to
 * be retried for minutes while its client waits on a 202. First the values of
 * the original findings, sent straight to the queue so no ingress stands in
 * their way; then refusals no rule of ours foresees, made by narrowing the
 * database under a running worker.
 */

const importer = { sub: 'importer-1', role: 'STAFF', org_id: 'org-a' }
const staff = staffToken('org-a', 'STAFF', 'user-front-desk')
const jane = patientToken('pat-a1', 'user-jane')

describe('a write PostgreSQL refuses for its data is a rejection, not a retried fault', () => {
  let stack: TestStack
  let connection: IORedis
  let imports: Queue
  let events: QueueEvents
  let importEvents: QueueEvents
  before(async () => {
    stack = await startStack()
    connection = new IORedis(stack.config.REDIS_URL, { maxRetriesPerRequest: null })
    imports = new Queue(IMPORT_QUEUE_NAME, { connection, prefix: stack.config.QUEUE_PREFIX })
    events = new QueueEvents(QUEUE_NAME, { connection: connection.duplicate(), prefix: stack.config.QUEUE_PREFIX })
    importEvents = new QueueEvents(IMPORT_QUEUE_NAME, {
      connection: connection.duplicate(),
      prefix: stack.config.QUEUE_PREFIX,
    })
    await Promise.all([events.waitUntilReady(), importEvents.waitUntilReady()])
  })
  after(async () => {
    await events?.close()
    await importEvents?.close()
    await imports?.close()
    await connection?.quit()
    await stack?.stop()
  })

  /** The result of a job that completed on its first attempt; one that failed an attempt waits out its backoff instead, past this wait. */
  const settled = async (queue: Queue, events: QueueEvents, job: Job) => {
    const result = await job.waitUntilFinished(events, 10_000)
    const finished = await Job.fromId(queue, job.id ?? '')
    expect(finished?.attemptsStarted, 'attempts started').to.equal(1)
    expect(finished?.failedReason ?? '', 'failed reason').to.equal('')
    return result
  }
  /** Adds a job with the service's own options (10 attempts with backoff) and answers its result. */
  const answerOf = async (queue: Queue, events: QueueEvents, name: string, jobId: string, data: unknown) => {
    const options = queue === imports ? importJobOptions : waitlistJobOptions
    return settled(queue, events, await queue.add(name, data, { ...options, jobId }))
  }
  const runCreate = (data: Record<string, unknown>) =>
    answerOf(stack.queue, events, CREATE_JOB_NAME, createJobId(data['request_id'] as never), data)
  const createJob = (body: Record<string, unknown>, actor: Record<string, unknown> = importer) => ({
    version: 1,
    request_id: randomUUID(),
    actor,
    patient_id: 'pat-a1',
    body: validBody(body),
  })
  const runUpdate = (name: string, jobIdOf: (id: never) => string, requestId: string, body: unknown) => {
    const change_id = randomUUID()
    return answerOf(stack.queue, events, name, jobIdOf(change_id as never), {
      version: 1,
      change_id,
      request_id: requestId,
      actor: importer,
      expected_version: null,
      body,
    })
  }
  const storedCount = async (id: string) =>
    (
      await stack.sequelize.query<{ n: number }>('SELECT count(*)::int AS n FROM waitlist_requests WHERE id = :id', {
        replacements: { id },
        type: QueryTypes.SELECT,
      })
    )[0]?.n
  const fieldsOf = (result: { errors: ReadonlyArray<{ field: string }> }) => result.errors.map((error) => error.field)

  describe('the original findings, sent straight to the queue', () => {
    for (const [what, body, field] of [
      ['a lone surrogate in notes', { notes: 'a\ud800b' }, 'notes'],
      [
        'a lone surrogate in appointment_category',
        { appointment_category: '\udc00 Physical Therapy' },
        'appointment_category',
      ],
      ['NUL in notes', { notes: 'before\u0000after' }, 'notes'],
      ['a year-0000 date_range_end', { date_range_end: '0000-06-01' }, 'date_range_end'],
    ] as const) {
      it(`answers a create job with ${what} with a rejection naming ${field}, storing nothing`, async () => {
        const data = createJob(body)
        const result = await runCreate(data)
        expect(result.outcome).to.equal('rejected')
        expect(fieldsOf(result)).to.include(field)
        expect(await storedCount(data.request_id)).to.equal(0)
      })
    }

    for (const sub of ['importer-\u0000', 'importer-\ud800']) {
      it(`answers a create job whose actor's sub is ${JSON.stringify(sub)} with a rejection naming actor.sub`, async () => {
        const data = createJob({}, { ...importer, sub })
        const result = await runCreate(data)
        expect(result.outcome).to.equal('rejected')
        expect(fieldsOf(result)).to.include('actor.sub')
      })
    }

    it('answers a cancel job with NUL or a lone surrogate in its reason with a 400 rejection naming reason', async () => {
      const created = await filed(stack, jane)
      for (const reason of ['no\u0000thanks', 'a\ud800b']) {
        const result = await runUpdate(CANCEL_JOB_NAME, cancelJobId, created['id'], { reason })
        expect(result).to.deep.include({ outcome: 'rejected', reason: 'invalid' })
        expect(fieldsOf(result)).to.deep.equal(['reason'])
      }
      const stored = await call(stack, 'GET', pathOf(created['id']), { token: staff })
      expect(stored.body.data.status).to.equal('ACTIVE')
    })

    it('answers a fulfil job whose appointment_start is in year 0000 with a 400 rejection naming appointment_start', async () => {
      const created = await filed(stack, jane)
      const result = await runUpdate(FULFILL_JOB_NAME, fulfillJobId, created['id'], {
        ...booking,
        appointment_start: '0000-06-01T10:00:00Z',
      })
      expect(result).to.deep.include({ outcome: 'rejected', reason: 'invalid' })
      expect(fieldsOf(result)).to.deep.equal(['appointment_start'])
    })

    it('answers a change job with a lone surrogate in notes with a 400 rejection naming notes', async () => {
      const created = await filed(stack, jane)
      const result = await runUpdate(CHANGE_JOB_NAME, changeJobId, created['id'], { notes: 'x\udfff' })
      expect(result).to.deep.include({ outcome: 'rejected', reason: 'invalid' })
      expect(fieldsOf(result)).to.deep.equal(['notes'])
    })
  })

  describe('refusals no rule foresees, from a database narrower than the rules', () => {
    /** Runs `body` with `ddl` applied to the test's database, and `undo` after it, whatever happens. */
    const narrowed = async (ddl: string, undo: string, body: () => Promise<void>) => {
      await stack.sequelize.query(ddl)
      try {
        await body()
      } finally {
        await stack.sequelize.query(undo)
      }
    }

    it('answers a create whose patient was removed behind the worker (a foreign key, 23503) with a rejection naming patient_id', async () => {
      await stack.sequelize.query(
        "INSERT INTO patients (id, organization_id, first_name, last_name) VALUES ('pat-gone', 'org-a', 'Gone', 'Away')",
      )
      // A create the rules refuse after looking the patient up leaves it in the worker's reference cache.
      const past = { date_range_start: clinicDate('clinic-a1', -3), date_range_end: clinicDate('clinic-a1', 3) }
      const looked = await runCreate({ ...createJob(past), patient_id: 'pat-gone' })
      expect(fieldsOf(looked)).to.deep.equal(['date_range_start'])
      // Removed without a seed, so the cache is not told; only the foreign key knows.
      await stack.sequelize.query("DELETE FROM patients WHERE id = 'pat-gone'")

      const data = { ...createJob({}), patient_id: 'pat-gone' }
      expect(await runCreate(data)).to.deep.equal({
        outcome: 'rejected',
        errors: [{ field: 'patient_id', message: 'patient_id was refused by the database' }],
      })
      expect(await storedCount(data.request_id)).to.equal(0)
    })

    it('answers only the creates whose data the database refuses (22001), writing the rest of their batch', async () => {
      await narrowed(
        'ALTER TABLE waitlist_requests ALTER COLUMN appointment_category TYPE varchar(40)',
        'ALTER TABLE waitlist_requests ALTER COLUMN appointment_category TYPE text',
        async () => {
          const jobs = Array.from({ length: 24 }, (_, index) =>
            createJob({ appointment_category: index % 8 === 3 ? 'L'.repeat(41) : `Label ${index}` }),
          )
          // Added at once, so the worker's group commit takes several in one insert.
          const added = await stack.queue.addBulk(
            jobs.map((data) => ({
              name: CREATE_JOB_NAME,
              data,
              opts: { ...waitlistJobOptions, jobId: createJobId(data.request_id as never) },
            })),
          )
          const results = []
          for (const job of added) results.push(await settled(stack.queue, events, job))
          results.forEach((result, index) => {
            if (index % 8 === 3) {
              expect(result, `job ${index}`).to.deep.equal({
                outcome: 'rejected',
                errors: [{ field: '', message: "the database refused this request's data" }],
              })
            } else {
              expect(result.outcome, `job ${index}`).to.equal('created')
              expect(result.request.appointment_category).to.equal(`Label ${index}`)
            }
          })
        },
      )
    })

    it('answers a cancel whose reason a CHECK refuses (23514) with 400 naming reason, over HTTP as on the queue', async () => {
      await narrowed(
        "ALTER TABLE waitlist_requests ADD CHECK (cancellation_reason <> 'moved away')",
        'ALTER TABLE waitlist_requests DROP CONSTRAINT waitlist_requests_cancellation_reason_check1',
        async () => {
          const created = await filed(stack, jane)
          const answer = await cancel(stack, jane, created['id'], { reason: 'moved away' })
          expect(answer.status, answer.text).to.equal(400)
          expect(answer.body.errors).to.deep.equal([{ field: 'reason', message: 'reason was refused by the database' }])
          expect(answer.text).not.to.match(/moved away|cancellation_reason|UPDATE|check/i)
          const stored = await call(stack, 'GET', pathOf(created['id']), { token: jane })
          expect(stored.headers.get('etag')).to.equal('"1"')
          expect(stored.body.data.status).to.equal('ACTIVE')
        },
      )
    })

    it('answers the import rows the database refuses as their own rejections, writing the others', async () => {
      await narrowed(
        "ALTER TABLE waitlist_requests ADD CHECK (notes <> 'refused by the database')",
        'ALTER TABLE waitlist_requests DROP CONSTRAINT waitlist_requests_notes_check1',
        async () => {
          const batch_id = randomUUID()
          const rows = ['first', 'refused by the database', 'third'].map((notes, index) => ({
            row: index + 2,
            request_id: randomUUID(),
            patient_id: 'pat-a1',
            body: validBody({ notes }),
          }))
          const result = await answerOf(imports, importEvents, IMPORT_JOB_NAME, importJobId(batch_id as never, 0), {
            version: 1,
            batch_id,
            chunk: 0,
            actor: importer,
            rows,
          })
          expect(result).to.deep.equal({
            outcome: 'processed',
            rows: [
              { row: 2, outcome: 'created', request_id: rows[0]?.request_id },
              {
                row: 3,
                outcome: 'rejected',
                errors: [{ field: 'notes', message: 'notes was refused by the database' }],
              },
              { row: 4, outcome: 'created', request_id: rows[2]?.request_id },
            ],
          })
          expect(await Promise.all(rows.map((row) => storedCount(row.request_id)))).to.deep.equal([1, 0, 1])
        },
      )
    })
  })
})
