import { createHmac } from 'node:crypto'
import { Writable } from 'node:stream'
import { Queue } from 'bullmq'
import { expect } from 'chai'
import * as E from 'fp-ts/Either'
import { Redis } from 'ioredis'
import pino from 'pino'
import { QueryTypes } from 'sequelize'
import type { OutboxEvent } from '../../shared/events/outbox-event'
import { SWEEP_OUTBOX_JOB_NAME } from '../../shared/queue/deliver-event-job'
import { EVENTS_QUEUE_NAME } from '../../shared/queue/waitlist-queue'
import type { Stoppable } from '../../scripts/runtime'
import { startWorker } from '../../worker/main'
import { enqueueDeliveries } from '../../worker/outbox/enqueue-deliveries'
import { appendEvents, type NewOutboxEvent } from '../../worker/outbox/outbox-repository'
import { seedReferenceData } from '../../worker/seed/seed-reference-data'
import { offerAccepted, offerCreated, openingExpired, openingFilled } from '../support/event-fixtures'
import { eventually } from '../support/eventually'
import { startStack, type TestStack } from '../support/stack'
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver'

const SECRET = 'test-webhook-secret-0001'
const TIMEOUT_MS = 1_000
const SWEEP_EVERY_MS = 500

interface OutboxRow {
  readonly delivered_at: Date | null
  readonly attempts: number
  readonly last_error: string | null
}

describe('outbox and webhook delivery (docs/webhooks.md)', () => {
  let stack: TestStack
  let receiver: WebhookReceiver
  let worker: Stoppable | undefined
  let connection: Redis
  let events: Queue
  const logLines: Array<Record<string, unknown>> = []

  before(async () => {
    stack = await startStack(
      { WEBHOOK_TIMEOUT_MS: TIMEOUT_MS, OUTBOX_SWEEP_INTERVAL_MS: SWEEP_EVERY_MS },
      { worker: false },
    )
    receiver = await startWebhookReceiver()
    const seeded = await seedReferenceData(stack.db, {
      organizations: [
        { id: 'org-hook', name: 'Hooked', waitlist: { enabled: true }, webhook: { url: receiver.url, secret: SECRET } },
      ],
    })
    if (E.isLeft(seeded)) throw new Error(JSON.stringify(seeded.left))
    // The worker process's own start, with a log the test reads.
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
          logLines.push(JSON.parse(line) as Record<string, unknown>)
        done()
      },
    })
    const logger = pino({ level: 'info' }, logStream)
    worker = await startWorker(stack.config, logger)
    connection = new Redis(stack.config.REDIS_URL, { maxRetriesPerRequest: null })
    events = new Queue(EVENTS_QUEUE_NAME, { connection, prefix: stack.config.QUEUE_PREFIX })
  })
  after(async () => {
    await worker?.stop()
    await events?.close()
    await connection?.quit()
    await receiver?.stop()
    await stack?.stop()
  })

  /** What a writer does: the events in the transaction of its change, their deliveries enqueued after the commit. */
  const write = async (news: ReadonlyArray<NewOutboxEvent>, options = { enqueue: true }): Promise<OutboxEvent[]> => {
    const stored = await stack.sequelize.transaction((transaction) => appendEvents(stack.db, transaction, news))
    if (options.enqueue)
      await enqueueDeliveries(
        events,
        stored.map((event) => event.id),
      )
    return stored
  }

  const row = async (id: string): Promise<OutboxRow | undefined> => {
    const [found] = await stack.sequelize.query<OutboxRow>(
      'SELECT delivered_at, attempts, last_error FROM outbox_events WHERE id = $1',
      { bind: [id], type: QueryTypes.SELECT },
    )
    return found
  }

  const delivered = (id: string, timeoutMs = 15_000) =>
    eventually(
      async () => {
        const found = await row(id)
        return found?.delivered_at === null ? undefined : found
      },
      timeoutMs,
      () => `event ${id} not delivered; the receiver saw ${receiver.deliveriesOf(id).length} deliveries`,
    )

  /** Waits for a sweep that started after `since`, so anything it would enqueue again has had its chance. */
  const sweptSince = (since: number) =>
    eventually(async () => {
      const sweeps = await events.getJobs(['completed'])
      return sweeps.some((job) => job.name === SWEEP_OUTBOX_JOB_NAME && (job.processedOn ?? 0) > since)
    })

  const verify = (timestamp: string, body: string) =>
    `sha256=${createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex')}`

  it('writes events only with their transaction: one rolled back leaves none', async () => {
    let appended: OutboxEvent[] = []
    const outcome = await stack.sequelize
      .transaction(async (transaction) => {
        appended = await appendEvents(stack.db, transaction, [offerCreated('org-hook')])
        throw new Error('the change failed')
      })
      .then(
        () => 'committed',
        (error: unknown) => (error instanceof Error ? error.message : 'failed'),
      )
    expect(outcome).to.equal('the change failed')
    expect(appended).to.have.length(1)
    for (const event of appended) expect(await row(event.id)).to.equal(undefined)
  })

  it('posts each event once, signed over timestamp and body, with its id; enqueueing it again adds nothing', async () => {
    const stored = await write([offerCreated('org-hook'), openingFilled('org-hook'), openingExpired('org-hook')])
    await enqueueDeliveries(
      events,
      stored.map((event) => event.id),
    )
    for (const event of stored) {
      const found = await delivered(event.id)
      expect(found).to.include({ attempts: 1, last_error: null })
      const [delivery, ...more] = receiver.deliveriesOf(event.id)
      expect(more).to.have.length(0)
      if (delivery === undefined) return expect.fail('no delivery')
      const timestamp = String(delivery.headers['x-webhook-timestamp'])
      expect(Math.abs(Number(timestamp) - Date.now() / 1000)).to.be.lessThan(300)
      expect(delivery.headers['x-signature']).to.equal(verify(timestamp, delivery.body))
      expect(delivery.headers['content-type']).to.equal('application/json')
      expect(delivery.headers['x-event-id']).to.equal(event.id)
      const body = JSON.parse(delivery.body) as Record<string, unknown>
      expect(body).to.deep.equal(JSON.parse(JSON.stringify(event)))
      expect(Object.keys(body).sort()).to.deep.equal(['data', 'id', 'occurred_at', 'organization_id', 'type'])
      expect(delivery.body).not.to.match(/Jane|Doe|first_name|last_name|notes/)
    }
    const [created] = stored
    const data = receiver.deliveriesOf(created?.id ?? '')[0]?.body ?? ''
    expect(JSON.parse(data)).to.have.nested.property('data.link')
    const since = Date.now()
    await sweptSince(since)
    for (const event of stored) expect(receiver.deliveriesOf(event.id)).to.have.length(1)
  })

  it('tries again after failures, with backoff: two failures, then one delivery; nothing after it', async () => {
    const [event] = await write([offerAccepted('org-hook')], { enqueue: false })
    if (event === undefined) return expect.fail('nothing stored')
    receiver.plan(event.id, ['fail', 'fail', 'ok'])
    await enqueueDeliveries(events, [event.id])
    const found = await delivered(event.id)
    expect(found).to.include({ attempts: 3, last_error: 'http_500' })
    const deliveries = receiver.deliveriesOf(event.id)
    expect(deliveries.map((delivery) => delivery.answer)).to.deep.equal(['fail', 'fail', 'ok'])
    // Backoff doubles from a second: the second wait is longer than the first, which is a second at least.
    const [first, second, third] = deliveries.map((delivery) => delivery.at)
    const waits = [(second ?? 0) - (first ?? 0), (third ?? 0) - (second ?? 0)]
    expect(waits[0]).to.be.at.least(1_000)
    expect(waits[1]).to.be.at.least(2_000)
    // Every attempt is the same event, the same body, each signed under its own timestamp.
    expect(new Set(deliveries.map((delivery) => delivery.body)).size).to.equal(1)
    for (const delivery of deliveries) {
      expect(delivery.headers['x-event-id']).to.equal(event.id)
      expect(delivery.headers['x-signature']).to.equal(
        verify(String(delivery.headers['x-webhook-timestamp']), delivery.body),
      )
    }
    const job = await events.getJob(event.id)
    expect(job?.attemptsMade).to.equal(3)
    const since = Date.now()
    await sweptSince(since)
    expect(receiver.deliveriesOf(event.id)).to.have.length(3)
  })

  it('counts a receiver that does not answer within WEBHOOK_TIMEOUT_MS as failed, and tries again', async () => {
    const [event] = await write([offerAccepted('org-hook')], { enqueue: false })
    if (event === undefined) return expect.fail('nothing stored')
    receiver.plan(event.id, ['hang', 'ok'])
    await enqueueDeliveries(events, [event.id])
    const found = await delivered(event.id)
    expect(found).to.include({ attempts: 2, last_error: 'timeout' })
    expect(receiver.deliveriesOf(event.id).map((delivery) => delivery.answer)).to.deep.equal(['hang', 'ok'])
  })

  it('logs one line per event of an organization without a webhook, ids only, and marks it delivered', async () => {
    const [event] = await write([offerAccepted('org-a')])
    if (event === undefined || event.type !== 'offer.accepted') return expect.fail('nothing stored')
    expect(await delivered(event.id)).to.include({ attempts: 1 })
    const lines = logLines.filter((line) => line['event_id'] === event.id)
    expect(lines).to.have.length(1)
    const [line] = lines
    expect(line).to.include({
      level: 30,
      msg: 'event logged: its organization has no webhook',
      type: 'offer.accepted',
      organization_id: 'org-a',
      opening_id: event.data.opening_id,
      offer_id: event.data.offer_id,
    })
    expect(JSON.stringify(line)).not.to.match(/Jane|Doe|pat-a1|patient|notes/)
    expect(receiver.deliveriesOf(event.id)).to.have.length(0)
  })

  it('delivers an event whose enqueue was lost (the writer stopped after its commit) through the sweep', async () => {
    const [event] = await write([offerCreated('org-hook')], { enqueue: false })
    if (event === undefined) return expect.fail('nothing stored')
    expect(await events.getJob(event.id)).to.equal(undefined)
    expect(await delivered(event.id)).to.include({ attempts: 1 })
    expect(receiver.deliveriesOf(event.id)).to.have.length(1)
    const sweep = logLines.find((line) => line['msg'] === 'outbox sweep enqueued unattempted events')
    expect(sweep?.['enqueued']).to.be.at.least(1)
  })
})
