import { randomUUID } from 'node:crypto'
import { expect } from 'chai'
import { QueueEvents } from 'bullmq'
import IORedis from 'ioredis'
import { QueryTypes } from 'sequelize'
import { QUEUE_NAME } from '../../shared/queue/waitlist-queue'
import { CREATE_JOB_NAME } from '../../shared/queue/create-waitlist-request-job'
import { startStack, type TestStack } from '../support/stack'
import { validBody } from '../support/fixtures'
import { patientToken, staffToken } from '../support/tokens'
import { cancel, filed, fulfill, historyOf, patch } from '../support/lifecycle'

describe('GET /apis/v1/waitlist-requests/{id}/history (every write, in the same transaction as the write)', () => {
  let stack: TestStack
  const jane = patientToken('pat-a1', 'user-jane')
  const staff = staffToken('org-a', 'STAFF', 'user-front-desk')
  before(async () => {
    stack = await startStack()
  })
  after(async () => {
    await stack?.stop()
  })

  it('starts with the created entry: version 1, by whom, at created_at, no field changes', async () => {
    const created = await filed(stack, jane)
    const answer = await historyOf(stack, jane, created['id'])
    expect(answer.status, answer.text).to.equal(200)
    expect(answer.body).to.deep.equal({
      code: 2000,
      message: 'Success',
      data: { items: [{ version: 1, event: 'created', at: created['created_at'], by: 'user-jane', changes: [] }] },
    })
  })

  it('records each change with every field before and after, then the status change, by whom and when', async () => {
    const created = await filed(stack, jane)
    const changed = await patch(
      stack,
      staff,
      created['id'],
      {
        priority: 1,
        notes: null,
        appointment_category_id: 'cat-follow',
        appointment_type: null,
        appointment_category: null,
      },
      '"1"',
    )
    const noop = await patch(stack, staff, created['id'], { priority: 1 }, '"2"')
    const refused = await patch(stack, staff, created['id'], { priority: 9 }, '"2"')
    const cancelled = await cancel(stack, jane, created['id'], { reason: 'Moved away' })
    expect([changed.status, noop.status, refused.status, cancelled.status]).to.deep.equal([200, 200, 400, 200])
    expect(refused.body.errors.map((error: { field: string }) => error.field)).to.deep.equal(['priority'])

    const items = (await historyOf(stack, staff, created['id'])).body.data.items
    expect(
      items.map((entry: { version: number; event: string; by: string }) => [entry.version, entry.event, entry.by]),
    ).to.deep.equal([
      [1, 'created', 'user-jane'],
      [2, 'changed', 'user-front-desk'],
      [3, 'cancelled', 'user-jane'],
    ])
    expect(items[1].at).to.equal(changed.body.data.updated_at)
    expect(items[1].changes).to.deep.equal([
      { field: 'appointment_category_id', before: 'cat-eval', after: 'cat-follow' },
      { field: 'appointment_category', before: 'Physical Therapy', after: 'PT Follow-up' },
      { field: 'appointment_type', before: 'INITIAL_EVAL', after: 'FOLLOW_UP' },
      { field: 'appointment_duration', before: 60, after: 30 },
      { field: 'priority', before: 3, after: 1 },
      { field: 'notes', before: 'Patient prefers morning appointments', after: null },
    ])
    expect(items[2].changes).to.deep.equal([
      { field: 'status', before: 'ACTIVE', after: 'CANCELLED' },
      { field: 'cancellation_reason', before: null, after: 'Moved away' },
    ])
  })

  it('records a fulfilment with the appointment it was fulfilled with', async () => {
    const created = await filed(stack, jane)
    await fulfill(stack, staff, created['id'])
    const items = (await historyOf(stack, staff, created['id'])).body.data.items
    expect(items[1]).to.deep.include({
      version: 2,
      event: 'fulfilled',
      by: 'user-front-desk',
      changes: [
        { field: 'status', before: 'ACTIVE', after: 'FULFILLED' },
        { field: 'booked_appointment', before: null, after: { id: 'appt-1001', start: '2026-12-01T14:30:00.000Z' } },
      ],
    })
  })

  it('writes one created entry however often a create job runs', async () => {
    const connection = new IORedis(stack.config.REDIS_URL, { maxRetriesPerRequest: null })
    const events = new QueueEvents(QUEUE_NAME, { connection, prefix: stack.config.QUEUE_PREFIX })
    try {
      await events.waitUntilReady()
      const request_id = randomUUID()
      const data = {
        version: 1,
        request_id,
        actor: { sub: 'importer', role: 'STAFF', org_id: 'org-a' },
        patient_id: 'pat-a1',
        body: validBody(),
      }
      // Two jobs for one request (a producer's retry under another job id): one row, one history entry.
      for (const jobId of ['first', 'second']) {
        await (
          await stack.queue.add(CREATE_JOB_NAME, data, { jobId: `create-${request_id}-${jobId}` })
        ).waitUntilFinished(events, 10_000)
      }
      const rows = await stack.sequelize.query(
        'SELECT version, event FROM waitlist_request_history WHERE request_id = :id',
        {
          replacements: { id: request_id },
          type: QueryTypes.SELECT,
        },
      )
      expect(rows).to.deep.equal([{ version: 1, event: 'created' }])
    } finally {
      await events.close()
      await connection.quit()
    }
  })

  it('keeps history and request in step for every request: one entry per version', async () => {
    const rows = await stack.sequelize.query(
      `SELECT w.id FROM waitlist_requests w LEFT JOIN waitlist_request_history h ON h.request_id = w.id
       GROUP BY w.id, w.version HAVING count(h.id) <> w.version OR max(h.version) <> w.version`,
      { type: QueryTypes.SELECT },
    )
    expect(rows).to.deep.equal([])
  })

  it('is readable by whoever may read the request, and a 404 to anyone else', async () => {
    const created = await filed(stack, jane)
    expect((await historyOf(stack, staffToken('org-a', 'CLINICIAN'), created['id'])).status).to.equal(200)
    for (const [token, id] of [
      [patientToken('pat-a2'), created['id']],
      [staffToken('org-b'), created['id']],
      [jane, randomUUID()],
      [jane, 'nope'],
    ] as const) {
      const answer = await historyOf(stack, token, id)
      expect(answer.status).to.equal(404)
      expect(answer.body).to.deep.equal({ code: 4040, message: 'waitlist request not found', data: null })
    }
  })
})
