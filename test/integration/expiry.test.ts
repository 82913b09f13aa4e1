import { setTimeout as sleep } from 'node:timers/promises'
import { expect } from 'chai'
import { QueueEvents } from 'bullmq'
import IORedis from 'ioredis'
import { QueryTypes } from 'sequelize'
import { QUEUE_NAME } from '../../shared/queue/waitlist-queue'
import { EXPIRE_JOB_NAME, EXPIRE_SCHEDULER_ID } from '../../shared/queue/expire-waitlist-requests-job'
import { expireDueRequests } from '../../worker/waitlist-requests/expire-waitlist-requests'
import { scheduleExpirySweep } from '../../worker/expiry/schedule-expiry-sweep'
import { startStack, type TestStack } from '../support/stack'
import { clinicDate } from '../support/fixtures'
import { staffToken } from '../support/tokens'
import { filed, historyOf } from '../support/lifecycle'

describe('expiry: ACTIVE → EXPIRED once date_range_end is over on the clinic’s calendar', () => {
  let stack: TestStack
  let events: QueueEvents
  let eventsConnection: IORedis
  const staff = staffToken('org-a')
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

  /** A request at `clinic` whose range is moved (behind the rules' back, as time would) to end on `end`. */
  const endingOn = async (clinic: string, end: string, status = 'ACTIVE'): Promise<string> => {
    const request = await filed(
      stack,
      staff,
      {
        clinic_id: clinic,
        preferred_providers: [],
        date_range_start: clinicDate(clinic, 1),
        date_range_end: clinicDate(clinic, 2),
      },
      '?patient_id=pat-a1',
    )
    await stack.sequelize.query(
      'UPDATE waitlist_requests SET date_range_start = CAST(:end AS date) - 5, date_range_end = :end, status = :status WHERE id = :id',
      { replacements: { end, status, id: request['id'] } },
    )
    return request['id']
  }
  const stateOf = async (id: string) => {
    const [row] = await stack.sequelize.query<{ status: string; version: number; updated_by: string }>(
      'SELECT status, version, updated_by FROM waitlist_requests WHERE id = :id',
      { replacements: { id }, type: QueryTypes.SELECT },
    )
    return row
  }

  it('expires on each side of the date line by that clinic’s own midnight', async () => {
    // 12:00 UTC on 15 June: already the 16th in Kiritimati (UTC+14), still the 15th in Pago Pago (UTC−11) and New York.
    const now = new Date('2026-06-15T12:00:00Z')
    const kiritimati = await endingOn('clinic-a2', '2026-06-15')
    const pagoPago = await endingOn('clinic-a3', '2026-06-15')
    const pagoPagoYesterday = await endingOn('clinic-a3', '2026-06-14')
    const newYork = await endingOn('clinic-a1', '2026-06-15')
    await expireDueRequests(stack.sequelize, now)
    expect((await stateOf(kiritimati))?.status).to.equal('EXPIRED')
    expect((await stateOf(pagoPago))?.status).to.equal('ACTIVE')
    expect((await stateOf(pagoPagoYesterday))?.status).to.equal('EXPIRED')
    expect((await stateOf(newYork))?.status).to.equal('ACTIVE')
    // An hour after Pago Pago's midnight, its request ends too.
    await expireDueRequests(stack.sequelize, new Date('2026-06-16T12:00:00Z'))
    expect((await stateOf(pagoPago))?.status).to.equal('EXPIRED')
    expect((await stateOf(newYork))?.status).to.equal('EXPIRED')
  })

  it('leaves requests that already ended alone', async () => {
    const cancelled = await endingOn('clinic-a1', '2020-01-01', 'CANCELLED')
    await expireDueRequests(stack.sequelize, new Date())
    expect(await stateOf(cancelled)).to.deep.include({ status: 'CANCELLED', version: 1 })
  })

  it('is idempotent and safe with several sweeps at once: each request expires once, with one history entry', async () => {
    const due = await Promise.all(Array.from({ length: 12 }, () => endingOn('clinic-a1', '2020-01-01')))
    const counts = await Promise.all([1, 2, 3].map(() => expireDueRequests(stack.sequelize, new Date(), 2)))
    const again = await expireDueRequests(stack.sequelize, new Date())
    expect(counts.reduce((a, b) => a + b, 0)).to.be.at.least(12)
    expect(again).to.equal(0)
    for (const id of due) {
      expect(await stateOf(id)).to.deep.equal({ status: 'EXPIRED', version: 2, updated_by: 'system:expiry' })
      const history = await historyOf(stack, staff, id)
      expect(history.body.data.items.map((entry: { event: string }) => entry.event)).to.deep.equal([
        'created',
        'expired',
      ])
      expect(history.body.data.items[1]).to.deep.include({
        version: 2,
        by: 'system:expiry',
        changes: [{ field: 'status', before: 'ACTIVE', after: 'EXPIRED' }],
      })
    }
  })

  it('runs as a job through the queue, answering how many it expired', async () => {
    const id = await endingOn('clinic-a2', '2020-01-01')
    const job = await stack.queue.add(EXPIRE_JOB_NAME, { version: 1 })
    const result = await job.waitUntilFinished(events, 10_000)
    expect(result.outcome).to.equal('swept')
    expect(result.expired).to.be.at.least(1)
    expect((await stateOf(id))?.status).to.equal('EXPIRED')
    const refused = await (await stack.queue.add(EXPIRE_JOB_NAME, { version: 2 })).waitUntilFinished(events, 10_000)
    expect(refused).to.deep.equal({ outcome: 'rejected', errors: [{ field: 'version', message: 'version must be 1' }] })
  })

  it('runs by itself as a repeatable job, one scheduler however many workers register it', async () => {
    const id = await endingOn('clinic-a3', '2020-01-01')
    const connection = new IORedis(stack.config.REDIS_URL, { maxRetriesPerRequest: null })
    try {
      for (let worker = 0; worker < 3; worker += 1) {
        await scheduleExpirySweep({ connection, prefix: stack.config.QUEUE_PREFIX, everyMs: 200 })
      }
      const schedulers = await stack.queue.getJobSchedulers()
      expect(schedulers.map((scheduler) => scheduler.key)).to.deep.equal([EXPIRE_SCHEDULER_ID])
      const deadline = Date.now() + 10_000
      while ((await stateOf(id))?.status !== 'EXPIRED' && Date.now() < deadline) {
        await sleep(100)
      }
      expect((await stateOf(id))?.status).to.equal('EXPIRED')
    } finally {
      await stack.queue.removeJobScheduler(EXPIRE_SCHEDULER_ID)
      await connection.quit()
    }
  })
})
