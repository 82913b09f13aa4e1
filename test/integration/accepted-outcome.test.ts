import { randomUUID } from 'node:crypto'
import { expect } from 'chai'
import { Job } from 'bullmq'
import { QueryTypes } from 'sequelize'
import { CREATE_JOB_NAME, createJobId } from '../../shared/queue/create-waitlist-request-job'
import { startWorker } from '../../worker/main'
import { createLogger, type Stoppable } from '../../scripts/runtime'
import { call, CREATE_PATH, startStack, type ApiAnswer, type TestStack } from '../support/stack'
import { validBody } from '../support/fixtures'
import { pathOf } from '../support/lifecycle'
import { eventually } from '../support/eventually'
import { patientToken, staffToken } from '../support/tokens'

/**
 * A request answered 202 always ends in an outcome its client can read at its
 * Location: 202 while it runs, the stored request, the refusal the create
 * would have answered, or 422 if it could not be stored; and an
 * Idempotency-Key replays that same ending. Never a 404 for what was
 * accepted, and never to anyone but its filer or their organization's staff.
 * Workers are started and stopped here, so every job waits as long as a test
 * needs.
 */

const frontDesk = staffToken('org-a', 'STAFF', 'user-front-desk')
const colleague = staffToken('org-a', 'CLINICIAN', 'user-colleague')
const otherOrg = staffToken('org-b', 'STAFF', 'user-front-desk')
const jane = patientToken('pat-a1', 'user-jane')
const john = patientToken('pat-a2', 'user-john')

const NOT_FOUND = { code: 4040, message: 'waitlist request not found', data: null }
const UNKNOWN_CLINIC = [{ field: 'clinic_id', message: 'clinic_id does not name a known clinic' }]

describe('a 202 always ends in a readable outcome at its Location', () => {
  let stack: TestStack
  let worker: Stoppable | undefined
  before(async () => {
    stack = await startStack({ JOB_WAIT_TIMEOUT_MS: 300 }, { worker: false })
  })
  afterEach(async () => {
    await worker?.stop()
    worker = undefined
  })
  after(async () => {
    await stack?.stop()
  })

  const startTheWorker = async () => {
    const logger = createLogger(stack.config, 'test-worker')
    worker = await startWorker(stack.config, logger)
  }
  const post = (token: string, body: unknown, options: { query?: string; key?: string } = {}) =>
    call(stack, 'POST', `${CREATE_PATH}${options.query ?? ''}`, {
      token,
      body,
      ...(options.key === undefined ? {} : { headers: { 'Idempotency-Key': options.key } }),
    })
  const accepted = async (answer: Promise<ApiAnswer>): Promise<string> => {
    const settled = await answer
    expect(settled.status, settled.text).to.equal(202)
    return settled.headers.get('location') ?? ''
  }
  const read = (location: string, token: string) => call(stack, 'GET', location, { token })
  const expectProcessing = async (location: string, token: string) => {
    const answer = await read(location, token)
    expect(answer.status, answer.text).to.equal(202)
    expect(answer.body).to.deep.equal({
      code: 2020,
      message: 'Accepted: the request is being processed',
      data: { id: location.split('/').pop(), status: 'PROCESSING' },
    })
    expect(answer.headers.get('location')).to.equal(location)
  }
  const expectNotFound = async (location: string, token: string) => {
    const answer = await read(location, token)
    expect(answer.status, answer.text).to.equal(404)
    expect(answer.body).to.deep.equal(NOT_FOUND)
  }
  /** What a GET answers once the job has ended, whatever that ending was. */
  const ended = (location: string, token: string) =>
    eventually(async () => {
      const answer = await read(location, token)
      return answer.status === 202 ? undefined : answer
    })

  it('answers 202 while the job waits, then the stored request or the refusal, to the filer and their staff alone', async () => {
    const stored = await accepted(post(frontDesk, validBody(), { query: '?patient_id=pat-a1' }))
    const refused = await accepted(
      post(frontDesk, validBody({ clinic_id: 'clinic-b1' }), { query: '?patient_id=pat-a1' }),
    )
    const janes = await accepted(post(jane, validBody({ clinic_id: 'clinic-b1' })))

    await expectProcessing(stored, frontDesk)
    await expectProcessing(stored, colleague)
    await expectProcessing(janes, jane)
    await expectNotFound(stored, otherOrg)
    // The patient it is for did not file it: what the staff sent is theirs until it is stored.
    await expectNotFound(stored, jane)
    await expectNotFound(janes, john)
    await expectNotFound(janes, frontDesk)
    await expectNotFound(pathOf(randomUUID()), frontDesk)

    await startTheWorker()
    const written = await ended(stored, frontDesk)
    expect(written.status, written.text).to.equal(200)
    expect(written.body.data).to.deep.include({ id: stored.split('/').pop(), patient_id: 'pat-a1', status: 'ACTIVE' })
    expect(written.headers.get('etag')).to.equal('"1"')
    // Stored, it is read as every stored request is: its patient too.
    expect((await read(stored, jane)).status).to.equal(200)

    for (const [location, token] of [
      [refused, frontDesk],
      [refused, colleague],
      [janes, jane],
    ] as const) {
      const answer = await ended(location, token)
      expect(answer.status, answer.text).to.equal(400)
      expect(answer.body).to.deep.equal({
        code: 4000,
        message: UNKNOWN_CLINIC[0]?.message,
        data: null,
        errors: UNKNOWN_CLINIC,
      })
    }
    await expectNotFound(refused, otherOrg)
    await expectNotFound(refused, jane)
    await expectNotFound(janes, john)
  })

  it('replays the refusal a 202 ended in on its Idempotency-Key, as its Location answers it', async () => {
    const key = `key-${randomUUID()}`
    const body = validBody({ clinic_id: 'clinic-b1' })
    const location = await accepted(post(jane, body, { key }))
    const again = await post(jane, body, { key })
    expect(again.status, again.text).to.equal(202)
    expect(again.headers.get('location')).to.equal(location)

    await startTheWorker()
    const atLocation = await ended(location, jane)
    const replayed = await post(jane, body, { key })
    expect(replayed.status, replayed.text).to.equal(400)
    expect(replayed.headers.get('idempotent-replayed')).to.equal('true')
    expect(replayed.body).to.deep.equal(atLocation.body)
    expect(replayed.body.errors).to.deep.equal(UNKNOWN_CLINIC)
  })

  it('replays a 202 whose job is no longer kept by running it again: the stored request, written once', async () => {
    const key = `key-${randomUUID()}`
    const body = validBody()
    const location = await accepted(post(jane, body, { key }))
    const id = location.split('/').pop() ?? ''
    await startTheWorker()
    expect((await ended(location, jane)).status).to.equal(200)
    // What retention does once the job is a day old, or past the newest 100,000 (shared/queue/job-options.ts).
    await stack.queue.remove(createJobId(id as never))

    expect((await read(location, jane)).status, 'a stored request is read from PostgreSQL').to.equal(200)
    const replayed = await post(jane, body, { key })
    expect(replayed.status, replayed.text).to.equal(201)
    expect(replayed.headers.get('idempotent-replayed')).to.equal('true')
    expect(replayed.body.data).to.include({ id, status: 'ACTIVE' })
    const [written] = await stack.sequelize.query<{ requests: number; entries: number }>(
      `SELECT (SELECT count(*)::int FROM waitlist_requests WHERE id = $1) AS requests,
              (SELECT count(*)::int FROM waitlist_request_history WHERE request_id = $1) AS entries`,
      { bind: [id], type: QueryTypes.SELECT },
    )
    expect(written).to.deep.equal({ requests: 1, entries: 1 })
  })

  it('answers a create that failed for good with 422 at its Location and on every replay: no 404, no 500', async () => {
    const key = `key-${randomUUID()}`
    const body = validBody({ notes: 'could not be stored' })
    const location = await accepted(post(jane, body, { key }))
    const jobId = createJobId(location.split('/').pop() as never)

    // Its ten attempts over eight minutes, in one: the same job, added again with a single attempt.
    const queued = await Job.fromId(stack.queue, jobId)
    if (queued === undefined) throw new Error(`${jobId} is not queued`)
    await queued.remove()
    await stack.queue.add(CREATE_JOB_NAME, queued.data, { jobId, attempts: 1 })
    // A fault that is no refusal of the request's data (42P01, undefined table): thrown, and so the attempt fails.
    await stack.sequelize.query('ALTER TABLE waitlist_requests RENAME TO waitlist_requests_away')
    try {
      await startTheWorker()
      await eventually(async () => (await stack.queue.getJobState(jobId)) === 'failed')
    } finally {
      await worker?.stop()
      worker = undefined
      await stack.sequelize.query('ALTER TABLE waitlist_requests_away RENAME TO waitlist_requests')
    }

    const notStored = {
      code: 4220,
      message: 'waitlist request was accepted but could not be stored: please send it again',
      data: null,
    }
    try {
      const atLocation = await read(location, jane)
      expect(atLocation.status, atLocation.text).to.equal(422)
      expect(atLocation.body).to.deep.equal(notStored)
      await expectNotFound(location, john)
      for (const attempt of [1, 2]) {
        const replayed = await post(jane, body, { key })
        expect(replayed.status, `replay ${attempt}: ${replayed.text}`).to.equal(422)
        expect(replayed.headers.get('idempotent-replayed')).to.equal('true')
        expect(replayed.body).to.deep.equal(notStored)
      }
    } finally {
      // Later tests of this run share the queue, and some count its failed jobs.
      await (await Job.fromId(stack.queue, jobId))?.remove()
    }
  })
})
