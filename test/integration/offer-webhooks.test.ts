import { randomUUID } from 'node:crypto'
import { expect } from 'chai'
import * as E from 'fp-ts/Either'
import * as O from 'fp-ts/Option'
import { DateTime } from 'luxon'
import { QueryTypes } from 'sequelize'
import { OutboxEvent } from '../../shared/events/outbox-event'
import { webhookSignature } from '../../shared/events/webhook-signature'
import { readOfferToken } from '../../shared/offers/offer-link'
import { acceptOfferJobId } from '../../shared/queue/offer-answer-jobs'
import { eventually } from '../support/eventually'
import { recordOffers } from '../support/offer-recorder'
import {
  CATEGORY,
  CLINIC,
  CLINIC_ELSEWHERE,
  ORG,
  PROVIDER,
  answerJobs,
  fileRequest,
  offersWhen,
  openSlot,
  openingOf,
  outboxOf,
  patient,
  patientActor,
  seedOfferOrganization,
  zoneAt,
} from '../support/offers'
import { startStack, type TestStack } from '../support/stack'
import { startWebhookReceiver, withoutLinks, type WebhookReceiver } from '../support/webhook-receiver'

const SECRET = 'offer-webhook-secret-0001'

/**
 * The rounds' events as an organization's webhook receives them (docs/webhooks.md): written to the outbox with each
 * change by the worker, delivered signed to a receiver on a spare port, again after a failure, never from a change
 * rolled back. Each test has patients and a day of its own, so its requests fit only its own openings.
 */
describe('offer events reach the organization’s webhook, signed, at least once', function () {
  this.timeout(60_000)
  const recorder = recordOffers()
  const zone = zoneAt(12)
  const evening = zoneAt(18)
  let stack: TestStack
  let receiver: WebhookReceiver
  let answers: Awaited<ReturnType<typeof answerJobs>>
  let nextPatient = 1
  const patients = (count: number) => Array.from({ length: count }, () => nextPatient++)
  const dayAhead = (days: number) =>
    DateTime.fromISO(`${DateTime.now().setZone(zone).plus({ days }).toISODate()}T10:00`, { zone })

  before(async () => {
    stack = await startStack({ WEBHOOK_TIMEOUT_MS: 2_000 }, { offers: recorder.ports })
    receiver = await startWebhookReceiver()
    await seedOfferOrganization(stack, { clinic: zone, elsewhere: evening }, { url: receiver.url, secret: SECRET })
    answers = await answerJobs(stack)
  })
  beforeEach(() => {
    recorder.setPolicy(ORG, { quiet_hours: null })
    receiver.planNew([])
  })
  after(async () => {
    await answers?.close()
    await stack?.stop()
    await receiver?.stop()
  })

  /** The deliveries the receiver took (2xx) for one opening, each body checked against its signature and codec. */
  const takenFor = (openingId: string) =>
    receiver
      .deliveries()
      .filter((delivery) => delivery.answer === 'ok')
      .map((delivery) => {
        const timestamp = String(delivery.headers['x-webhook-timestamp'])
        expect(delivery.headers['x-signature']).to.equal(webhookSignature(SECRET, timestamp, delivery.body))
        const decoded = OutboxEvent.decode(JSON.parse(delivery.body))
        if (E.isLeft(decoded)) throw new Error(`a body breaks its contract: ${delivery.body}`)
        expect(delivery.headers['x-event-id']).to.equal(decoded.right.id)
        return decoded.right
      })
      .filter((event) => event.data.opening_id === openingId)

  /** Waits until the receiver took exactly these types for the opening (in any order), and answers the events. */
  const received = (openingId: string, types: ReadonlyArray<string>) => {
    const expected = [...types].sort()
    let last: OutboxEvent[] = []
    return eventually(
      async () => {
        last = takenFor(openingId)
        const got = last.map((event) => event.type).sort()
        return JSON.stringify(got) === JSON.stringify(expected) && last
      },
      20_000,
      () => JSON.stringify(last.map((event) => event.type)),
    )
  }

  it('sends offer.created signed, with a link whose token names its offer; an acceptance sends what follows', async () => {
    const slot = dayAhead(1)
    const numbers = patients(3)
    const requests: string[] = []
    for (const n of numbers) requests.push(await fileRequest(stack, n, slot))
    const openingId = await openSlot(stack, slot)
    const offers = await offersWhen(stack, openingId, (rows) => rows.length === 3)

    const created = await received(openingId, Array(3).fill('offer.created'))
    for (const event of created) {
      if (event.type !== 'offer.created') return expect.fail(event.type)
      const offer = offers.find((row) => row.id === event.data.offer_id)
      expect(event).to.include({ organization_id: ORG })
      expect(event.data).to.deep.include({
        opening_id: openingId,
        request_id: offer?.request_id,
        patient_id: offer?.patient_id,
        round: 1,
        expires_at: offer?.expires_at.toISOString(),
        slot: {
          clinic_id: CLINIC,
          provider_id: PROVIDER,
          start: slot.toUTC().toISO(),
          end: slot.plus({ hours: 1 }).toUTC().toISO(),
          duration_minutes: 60,
          timezone: zone,
        },
      })
      const link = new URL(event.data.link)
      expect(`${link.origin}/`).to.equal(new URL('/', stack.config.PUBLIC_BASE_URL).toString())
      const token = link.pathname.replace(/^\/offers\//, '')
      expect(readOfferToken(stack.config.OFFER_LINK_SECRET, token)).to.deep.equal(O.some(event.data.offer_id))
    }

    const [first, ...others] = offers
    const answer = await answers.accept(first!.id, patientActor(numbers[0]!))
    expect(answer).to.have.property('outcome', 'accepted')
    const events = await received(openingId, [
      ...Array(3).fill('offer.created'),
      'offer.accepted',
      'offer.withdrawn',
      'offer.withdrawn',
      'opening.filled',
    ])
    const accepted = events.find((event) => event.type === 'offer.accepted')
    const filled = events.find((event) => event.type === 'opening.filled')
    if (filled?.type !== 'opening.filled' || accepted === undefined) return expect.fail('no acceptance')
    expect(accepted.data).to.include({ offer_id: first!.id, request_id: requests[0] })
    expect(filled.data).to.deep.include({
      opening_id: openingId,
      offer_id: first!.id,
      booking: {
        request_id: requests[0],
        patient_id: patient(numbers[0]!),
        provider_id: PROVIDER,
        start: slot.toUTC().toISO(),
        end: slot.plus({ hours: 1 }).toUTC().toISO(),
        appointment_category_id: CATEGORY,
      },
    })
    // One change, one time: a receiver orders by it.
    expect(filled.occurred_at).to.equal(accepted.occurred_at)
    const withdrawn = events.filter((event) => event.type === 'offer.withdrawn')
    expect(withdrawn.map((event) => ('offer_id' in event.data ? event.data.offer_id : undefined))).to.have.members(
      others.map((offer) => offer.id),
    )
    // Ids only: the names the API shows with an offer never leave in an event. The links are left out of the look:
    // their random base64url tokens may well hold the letters "Ng" or "Ada".
    for (const delivery of receiver.deliveries())
      expect(withoutLinks(delivery.body)).not.to.match(/first_name|last_name|Ng|Ada/)
  })

  it('sends offer.declined for a decline and offer.expired when a hold ends unanswered', async () => {
    recorder.setPolicy(ORG, { quiet_hours: null, batch_size: 1, hold_seconds: 3 })
    const slot = dayAhead(2)
    const [a, b] = patients(2)
    await fileRequest(stack, a!, slot)
    await fileRequest(stack, b!, slot)
    const openingId = await openSlot(stack, slot)
    const [offer] = await offersWhen(stack, openingId, (rows) => rows.length === 1)
    expect(await answers.decline(offer!.id, patientActor(a!), { reason: 'away' })).to.have.property(
      'outcome',
      'declined',
    )
    const events = await received(openingId, ['offer.created', 'offer.declined', 'offer.created', 'offer.expired'])
    const declined = events.find((event) => event.type === 'offer.declined')
    expect(declined?.data).to.include({ offer_id: offer!.id, patient_id: patient(a!), round: 1 })
    const expired = events.find((event) => event.type === 'offer.expired')
    expect(expired?.data).to.include({ patient_id: patient(b!), round: 2 })
    // The decline's free text is the offer's, never the event's.
    expect(JSON.stringify(events)).not.to.include('away')
  })

  it('delivers again after a failure: each event once failed, then taken, and never more often than attempted', async () => {
    receiver.planNew(['fail'])
    const slot = dayAhead(3)
    const [a, b] = patients(2)
    await fileRequest(stack, a!, slot)
    await fileRequest(stack, b!, slot)
    const openingId = await openSlot(stack, slot)
    const events = await received(openingId, ['offer.created', 'offer.created'])
    const stored = await eventually(async () => {
      const rows = await outboxOf(stack, openingId)
      return rows.length === 2 && rows.every((row) => row.delivered_at !== null) && rows
    })
    for (const event of events) {
      const deliveries = receiver.deliveriesOf(event.id)
      expect(deliveries.map((delivery) => delivery.answer)).to.deep.equal(['fail', 'ok'])
      expect(new Set(deliveries.map((delivery) => delivery.body)).size).to.equal(1)
      const row = stored.find((candidate) => candidate.id === event.id)
      expect(row?.attempts).to.equal(2)
    }
    // However the deliveries went, no event reached the receiver more often than the outbox counts attempts.
    for (const row of await stack.sequelize.query<{ id: string; attempts: number }>(
      'SELECT id, attempts FROM outbox_events',
      { type: QueryTypes.SELECT },
    ))
      expect(receiver.deliveriesOf(row.id).length).to.be.at.most(row.attempts)
  })

  it('expires an OPEN opening nobody could be offered once its notice limit passes, in its clinic’s zone', async () => {
    // The other clinic, whose clock reads about 18:00: no request of this file is for it, so nobody is offered.
    recorder.setPolicy(ORG, { quiet_hours: null, min_notice_minutes: 1 })
    const soon = DateTime.now().setZone(evening).plus({ minutes: 1, seconds: 4 })
    const openingId = await openSlot(stack, soon, { clinic_id: CLINIC_ELSEWHERE })
    expect(await openingOf(stack, openingId)).to.include({ status: 'OPEN', round_phase: 'idle', round: 0 })
    const [expired] = await received(openingId, ['opening.expired'])
    expect(await openingOf(stack, openingId)).to.include({ status: 'EXPIRED' })
    expect(expired?.data).to.deep.equal({
      opening_id: openingId,
      slot: {
        clinic_id: CLINIC_ELSEWHERE,
        provider_id: PROVIDER,
        start: soon.toUTC().toISO(),
        end: soon.plus({ hours: 1 }).toUTC().toISO(),
        duration_minutes: 60,
        timezone: evening,
      },
    })
    // At the notice limit, not before: a minute before the slot.
    expect(Date.parse(expired!.occurred_at)).to.be.at.least(soon.toMillis() - 60_000)
  })

  it('writes no event for a change rolled back, and the events once when its retry commits', async () => {
    const slot = dayAhead(4)
    const [a, b] = patients(2)
    const request = await fileRequest(stack, a!, slot)
    await fileRequest(stack, b!, slot)
    const openingId = await openSlot(stack, slot)
    const [offer] = await offersWhen(stack, openingId, (rows) => rows.length === 2)
    await received(openingId, ['offer.created', 'offer.created'])
    // The acceptance's last write, the request FULFILLED, fails: the whole transaction rolls back, events and all.
    await stack.sequelize.query(`
      CREATE FUNCTION refuse_fulfilment() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'refused by the test'; END $$;
      CREATE TRIGGER refuse_fulfilment BEFORE UPDATE ON waitlist_requests
        FOR EACH ROW WHEN (OLD.id = '${request}') EXECUTE FUNCTION refuse_fulfilment();`)
    const changeId = randomUUID()
    const accepting = answers.accept(offer!.id, patientActor(a!), changeId)
    try {
      await eventually(
        async () => ((await stack.queue.getJob(acceptOfferJobId(changeId as never)))?.attemptsMade ?? 0) >= 2,
      )
      expect((await outboxOf(stack, openingId)).map((event) => event.type)).to.deep.equal([
        'offer.created',
        'offer.created',
      ])
      expect(recorder.eventsOf(openingId)).to.have.length(2)
      expect(await openingOf(stack, openingId)).to.include({ status: 'OPEN' })
    } finally {
      await stack.sequelize.query(
        'DROP TRIGGER refuse_fulfilment ON waitlist_requests; DROP FUNCTION refuse_fulfilment()',
      )
    }
    expect(await accepting).to.have.property('outcome', 'accepted')
    await received(openingId, ['offer.created', 'offer.created', 'offer.accepted', 'offer.withdrawn', 'opening.filled'])
    expect((await outboxOf(stack, openingId)).map((event) => event.type).sort()).to.deep.equal([
      'offer.accepted',
      'offer.created',
      'offer.created',
      'offer.withdrawn',
      'opening.filled',
    ])
  })
})
