import { randomUUID } from 'node:crypto'
import { expect } from 'chai'
import { QueueEvents, type Job } from 'bullmq'
import IORedis from 'ioredis'
import { QueryTypes } from 'sequelize'
import { QUEUE_NAME } from '../../shared/queue/waitlist-queue'
import { CREATE_JOB_NAME, createJobId } from '../../shared/queue/create-waitlist-request-job'
import { createRequest, startStack, type TestStack } from '../support/stack'
import { validBody } from '../support/fixtures'
import { patientToken } from '../support/tokens'

const importer = { sub: 'importer-1', role: 'STAFF', org_id: 'org-a' }

describe('create jobs added straight to the queue, without HTTP', () => {
  let stack: TestStack
  let events: QueueEvents
  let eventsConnection: IORedis
  before(async () => {
    stack = await startStack()
    eventsConnection = new IORedis(stack.config.REDIS_URL, { maxRetriesPerRequest: null })
    events = new QueueEvents(QUEUE_NAME, { connection: eventsConnection, prefix: stack.config.QUEUE_PREFIX })
    await events.waitUntilReady()
  })
  after(async () => {
    await events?.close()
    await eventsConnection?.quit()
    await stack?.stop()
  })

  const enqueue = async (data: Record<string, unknown>, jobId?: string, name = CREATE_JOB_NAME) => {
    const job = await stack.queue.add(name, data, {
      jobId: jobId ?? createJobId(data['request_id'] as never),
    })
    return job
  }
  const resultOf = (job: Job) => job.waitUntilFinished(events, 10_000)
  const rowsWithId = async (id: string) =>
    stack.sequelize.query('SELECT id FROM waitlist_requests WHERE id = :id', {
      replacements: { id },
      type: QueryTypes.SELECT,
    })

  it('validates and persists a job exactly as an HTTP create, returning the same payload', async () => {
    const request_id = randomUUID()
    const result = await resultOf(
      await enqueue({ version: 1, request_id, actor: importer, patient_id: 'pat-a1', body: validBody() }),
    )
    expect(result.outcome).to.equal('created')
    expect(result.request).to.deep.include({
      id: request_id,
      clinic_id: 'clinic-a1',
      patient_id: 'pat-a1',
      appointment_type: 'INITIAL_EVAL',
      appointment_duration: 60,
      status: 'ACTIVE',
      created_by: 'importer-1',
    })
    expect(await rowsWithId(request_id)).to.have.length(1)

    const viaHttp = await createRequest(stack, patientToken('pat-a1', 'importer-1'), validBody())
    const comparable = (payload: Record<string, unknown>) => {
      const { id: _id, created_at: _c, created_at_epoch_ms: _e, updated_at: _u, ...rest } = payload
      return rest
    }
    expect(comparable(result.request)).to.deep.equal(comparable(viaHttp.body.data))
  })

  it('rejects an invalid job with the very field errors HTTP gives for the same body, writing nothing', async () => {
    const body = validBody({
      date_range_start: validBody()['date_range_end'],
      date_range_end: validBody()['date_range_start'],
      priority: '2',
    })
    const request_id = randomUUID()
    const result = await resultOf(
      await enqueue({ version: 1, request_id, actor: importer, patient_id: 'pat-a1', body }),
    )
    const viaHttp = await createRequest(stack, patientToken('pat-a1'), body)
    expect(viaHttp.status).to.equal(400)
    expect(result).to.deep.equal({ outcome: 'rejected', errors: viaHttp.body.errors })
    expect(result.errors.map((e: { message: string }) => e.message)).to.include(
      'date_range_end must be on or after date_range_start',
    )
    expect(await rowsWithId(request_id)).to.have.length(0)
  })

  it("rejects, by the same rules, what only the worker can judge: another organization's clinic", async () => {
    const request_id = randomUUID()
    const result = await resultOf(
      await enqueue({
        version: 1,
        request_id,
        actor: importer,
        patient_id: 'pat-a1',
        body: validBody({ clinic_id: 'clinic-b1' }),
      }),
    )
    expect(result.outcome).to.equal('rejected')
    expect(result.errors[0]).to.deep.equal({ field: 'clinic_id', message: 'clinic_id does not name a known clinic' })
  })

  it('requires a staff actor to name the patient, as HTTP does', async () => {
    const result = await resultOf(
      await enqueue({ version: 1, request_id: randomUUID(), actor: importer, patient_id: null, body: validBody() }),
    )
    expect(result).to.deep.equal({
      outcome: 'rejected',
      errors: [{ field: 'patient_id', message: 'patient_id query parameter is required for staff requests' }],
    })
  })

  it("files a patient actor's job for that patient whatever patient_id says", async () => {
    const result = await resultOf(
      await enqueue({
        version: 1,
        request_id: randomUUID(),
        actor: { sub: 'app-1', role: 'USER', patient_id: 'pat-a1' },
        patient_id: 'pat-a2',
        body: validBody(),
      }),
    )
    expect(result.outcome).to.equal('created')
    expect(result.request.patient_id).to.equal('pat-a1')
  })

  it('rejects job data outside the versioned contract, naming what is wrong', async () => {
    const result = await resultOf(
      await enqueue(
        { version: 2, request_id: 'not-a-uuid', actor: { sub: 'x', role: 'OWNER' }, patient_id: 'pat-a1', body: [] },
        `bad-${randomUUID()}`,
      ),
    )
    expect(result.outcome).to.equal('rejected')
    const fields = result.errors.map((e: { field: string }) => e.field)
    expect(fields).to.include.members(['version', 'request_id', 'body'])
    expect(fields.some((field: string) => field.startsWith('actor'))).to.equal(true)
  })

  it('writes one row when the same request id is processed twice, answering both runs with the same payload', async () => {
    const request_id = randomUUID()
    const data = { version: 1, request_id, actor: importer, patient_id: 'pat-a1', body: validBody() }
    const first = await resultOf(await enqueue(data))
    const second = await resultOf(await enqueue(data, `rerun-${request_id}`))
    expect(second).to.deep.equal(first)
    expect(await rowsWithId(request_id)).to.have.length(1)
  })

  it('fails a job with an unknown name once, without retries', async () => {
    const job = await enqueue({ version: 1 }, `unknown-${randomUUID()}`, 'delete-everything')
    const error = await resultOf(job).then(
      () => undefined,
      (e: Error) => e,
    )
    expect(error?.message).to.match(/no processor for job name delete-everything/)
    const stored = await stack.queue.getJob(job.id!)
    expect(stored?.attemptsMade).to.equal(1)
  })
})
