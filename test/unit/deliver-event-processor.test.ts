import { expect } from 'chai'
import * as E from 'fp-ts/Either'
import { OutboxEvent, type EventId } from '../../shared/events/outbox-event'
import type { Webhook } from '../../shared/reference-data/webhook'
import { processDeliverEventJob } from '../../worker/processors/deliver-event'
import { processSweepOutboxJob } from '../../worker/processors/sweep-outbox'
import type { StoredDelivery } from '../../worker/outbox/outbox-repository'
import type { PostOutcome } from '../../worker/outbox/post-webhook'
import { offerCreated } from '../support/event-fixtures'

const ID = '0b7d7c53-3a4f-4f0e-9d37-8a3c1f3e2b10' as EventId
const WEBHOOK = { url: 'https://hooks.example.org/w', secret: 'sixteen-chars-ok' } as Webhook

const storedEvent = (): OutboxEvent => {
  const event = offerCreated('org-a')
  const result = OutboxEvent.decode({ ...event, id: ID, occurred_at: '2030-03-01T15:00:00.000Z' })
  if (E.isLeft(result)) throw new Error('fixture does not decode')
  return result.right
}

/** An outbox of one event in memory, recording what the processor did with it. */
const outbox = (stored: StoredDelivery | undefined, answers: PostOutcome[] = []) => {
  const done = { posted: 0, delivered: 0, failures: [] as string[], logged: [] as OutboxEvent[] }
  const process = processDeliverEventJob({
    findDelivery: async (id) => (id === ID ? stored : undefined),
    post: async () => {
      done.posted += 1
      return answers.shift() ?? { ok: true }
    },
    markDelivered: async () => {
      done.delivered += 1
    },
    recordFailure: async (_, error) => {
      done.failures.push(error)
    },
    logEvent: (event) => done.logged.push(event),
  })
  return { done, run: () => process({ version: 1, event_id: ID }), process }
}

describe('processDeliverEventJob (docs/webhooks.md)', () => {
  it('posts to the webhook and marks the event delivered on a 2xx', async () => {
    const { done, run } = outbox({ event: storedEvent(), delivered: false, webhook: WEBHOOK })
    expect(await run()).to.deep.equal({ outcome: 'delivered' })
    expect(done).to.deep.include({ posted: 1, delivered: 1, failures: [] })
  })

  it('records a failed attempt and throws, so the queue tries again; nothing is marked delivered', async () => {
    const { done, run } = outbox({ event: storedEvent(), delivered: false, webhook: WEBHOOK }, [
      { ok: false, error: 'http_503' },
    ])
    let thrown: unknown
    await run().catch((error: unknown) => (thrown = error))
    expect(thrown).to.be.instanceOf(Error).with.property('message', 'webhook delivery failed: http_503')
    expect(done).to.deep.include({ posted: 1, delivered: 0, failures: ['http_503'] })
  })

  it('logs an event of an organization without a webhook and marks it delivered, posting nothing', async () => {
    const event = storedEvent()
    const { done, run } = outbox({ event, delivered: false, webhook: null })
    expect(await run()).to.deep.equal({ outcome: 'logged' })
    expect(done).to.deep.include({ posted: 0, delivered: 1, logged: [event] })
  })

  it('sends nothing again for an event delivered already, and nothing for one not stored', async () => {
    const delivered = outbox({ event: storedEvent(), delivered: true, webhook: WEBHOOK })
    expect(await delivered.run()).to.deep.equal({ outcome: 'already-delivered' })
    const missing = outbox(undefined)
    expect(await missing.run()).to.deep.equal({ outcome: 'missing' })
    expect(delivered.done.posted + missing.done.posted).to.equal(0)
  })

  it('rejects job data that names no event, without retrying', async () => {
    const { done, process } = outbox({ event: storedEvent(), delivered: false, webhook: WEBHOOK })
    const result = await process({ version: 1, event_id: 'not-a-uuid' })
    expect(result.outcome).to.equal('rejected')
    expect(done.posted).to.equal(0)
  })
})

describe('processSweepOutboxJob', () => {
  it('enqueues what it finds older than the job says, and rejects any other data', async () => {
    const asked: number[] = []
    const enqueued: EventId[][] = []
    const sweep = processSweepOutboxJob({
      findUnattempted: async (olderThanMs) => {
        asked.push(olderThanMs)
        return [ID]
      },
      enqueue: async (ids) => {
        enqueued.push([...ids])
      },
    })
    expect(await sweep({ version: 1, older_than_ms: 500 })).to.deep.equal({ outcome: 'swept', enqueued: 1 })
    expect((await sweep({ version: 1 })).outcome).to.equal('rejected')
    expect({ asked, enqueued }).to.deep.equal({ asked: [500], enqueued: [[ID]] })
  })
})
