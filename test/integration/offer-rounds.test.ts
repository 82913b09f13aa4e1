import { expect } from 'chai'
import { DateTime } from 'luxon'
import { QueryTypes } from 'sequelize'
import { call, startStack, type TestStack } from '../support/stack'
import { staffToken } from '../support/tokens'
import { eventually } from '../support/eventually'
import { recordOffers } from '../support/offer-recorder'
import {
  CLINIC,
  CLINIC_ELSEWHERE,
  ORG,
  PROVIDER,
  answerJobs,
  fileRequest,
  offersOf,
  offersWhen,
  openSlot,
  openingOf,
  patient,
  patientActor,
  requestStatus,
  seedOfferOrganization,
  violation,
  zoneAt,
} from '../support/offers'

const MINUTE = 60_000
const HOUR = 60 * MINUTE

/**
 * The policy fields and the rounds, with a real worker, PostgreSQL and Redis.
 * Each test has patients and a day of its own, so its requests fit only its
 * own openings and no other test's offers stand in its patients' way.
 */
describe('offer rounds: every policy field, progression by decline and by expiry', function () {
  this.timeout(30_000)
  const recorder = recordOffers()
  const zone = zoneAt(12)
  const evening = zoneAt(18)
  let stack: TestStack
  let answers: Awaited<ReturnType<typeof answerJobs>>
  let nextPatient = 1
  const patients = (count: number) => Array.from({ length: count }, () => nextPatient++)
  const dayAhead = (days: number, time = '10:00') =>
    DateTime.fromISO(`${DateTime.now().setZone(zone).plus({ days }).toISODate()}T${time}`, { zone })
  const eventsOf = (openingId: string) => recorder.eventsOf(openingId).map((event) => event.type)

  before(async () => {
    stack = await startStack({}, { offers: recorder.ports })
    await seedOfferOrganization(stack, { clinic: zone, elsewhere: evening })
    answers = await answerJobs(stack)
  })
  beforeEach(() => recorder.setPolicy(ORG, { quiet_hours: null }))
  after(async () => {
    await answers?.close()
    await stack?.stop()
  })

  it('offers the first round to the top batch_size candidates in rank order, with their reasons', async () => {
    recorder.setPolicy(ORG, { quiet_hours: null, batch_size: 2 })
    const slot = dayAhead(1)
    const [a, b, c] = patients(3)
    const requests = [await fileRequest(stack, a!, slot), await fileRequest(stack, b!, slot)]
    await fileRequest(stack, c!, slot)
    const openingId = await openSlot(stack, slot)
    const offers = await offersWhen(stack, openingId, (rows) => rows.length > 0)
    expect(offers.map((o) => [o.request_id, o.status, o.round, o.rank])).to.deep.equal([
      [requests[0], 'PENDING', 1, 1],
      [requests[1], 'PENDING', 1, 2],
    ])
    const [stored] = await stack.sequelize.query<{ reasons: Array<{ code: string }> }>(
      'SELECT reasons FROM offers WHERE id = $1',
      { bind: [offers[0]!.id], type: QueryTypes.SELECT },
    )
    expect(stored!.reasons.map((reason) => reason.code)).to.include.members(['STATUS', 'CLINIC', 'DATE'])
    const created = recorder.events.find(
      (event) => event.type === 'offer.created' && event.data.opening_id === openingId,
    )
    expect(created?.data).to.deep.include({ offer_id: offers[0]!.id, request_id: requests[0], patient_id: patient(a!) })
    // Ids only in events: the provider by id, no names (they sit in queues and logs).
    expect(created?.data.slot).to.deep.equal({
      clinic_id: CLINIC,
      provider_id: PROVIDER,
      start: slot.toUTC().toISO(),
      end: slot.plus({ hours: 1 }).toUTC().toISO(),
      duration_minutes: 60,
      timezone: zone,
    })
    expect((await openingOf(stack, openingId)).round_phase).to.equal('live')
  })

  it('holds a round by notice when hold_seconds is left out (12 h, 2 h, 20 min), or for hold_seconds', async () => {
    const held = async (slot: DateTime, n: number) => {
      await fileRequest(stack, n, slot)
      const [offer] = await offersWhen(stack, await openSlot(stack, slot), (rows) => rows.length === 1)
      return offer!.expires_at.getTime() - offer!.created_at.getTime()
    }
    const [far, near, soon, set] = patients(4)
    expect(await held(dayAhead(10), far!)).to.equal(12 * HOUR)
    expect(await held(dayAhead(4), near!)).to.equal(2 * HOUR)
    expect(await held(DateTime.now().setZone(zone).plus({ hours: 5 }).startOf('minute'), soon!)).to.equal(20 * MINUTE)
    recorder.setPolicy(ORG, { quiet_hours: null, hold_seconds: 600 })
    expect(await held(dayAhead(11), set!)).to.equal(10 * MINUTE)
  })

  it('expires a round when its hold ends and offers the next candidates, never the same request twice', async () => {
    recorder.setPolicy(ORG, { quiet_hours: null, batch_size: 1, hold_seconds: 2 })
    const slot = dayAhead(2)
    const [a, b, c] = patients(3)
    const requests = [await fileRequest(stack, a!, slot), await fileRequest(stack, b!, slot)]
    const openingId = await openSlot(stack, slot)
    const ended = await offersWhen(stack, openingId, (rows) => rows.length === 2 && rows[1]!.status === 'EXPIRED')
    expect(ended.map((o) => [o.request_id, o.status, o.round])).to.deep.equal([
      [requests[0], 'EXPIRED', 1],
      [requests[1], 'EXPIRED', 2],
    ])
    // Nobody left: the opening stays OPEN without a round, and round 3 is not used up.
    await eventually(async () => (await openingOf(stack, openingId)).round_phase === 'idle')
    expect(await openingOf(stack, openingId)).to.include({ status: 'OPEN', round: 2 })
    expect(eventsOf(openingId)).to.deep.equal(['offer.created', 'offer.expired', 'offer.created', 'offer.expired'])

    // A request filed that fits starts the next round for it alone.
    const later = await fileRequest(stack, c!, slot)
    const third = await offersWhen(stack, openingId, (rows) => rows.length === 3)
    expect(third.map((o) => [o.request_id, o.round])).to.deep.equal([
      [requests[0], 1],
      [requests[1], 2],
      [later, 3],
    ])
  })

  it('starts the next round at once when every offer of the round is declined, keeping the requests ACTIVE', async () => {
    recorder.setPolicy(ORG, { quiet_hours: null, batch_size: 2 })
    const slot = dayAhead(3)
    const [a, b, c] = patients(3)
    const requests = [
      await fileRequest(stack, a!, slot),
      await fileRequest(stack, b!, slot),
      await fileRequest(stack, c!, slot),
    ]
    const openingId = await openSlot(stack, slot)
    const [first, second] = await offersWhen(stack, openingId, (rows) => rows.length === 2)
    const declined = await answers.decline(first!.id, patientActor(a!), { reason: 'away that week' })
    expect(declined).to.nested.include({ outcome: 'declined', 'offer.status': 'DECLINED' })
    expect(declined.offer.decline_reason).to.equal('away that week')
    expect(await offersOf(stack, openingId)).to.have.length(2)
    await answers.decline(second!.id, patientActor(b!))
    const next = await offersWhen(stack, openingId, (rows) => rows.length === 3)
    expect(next[2]).to.include({ request_id: requests[2], round: 2, status: 'PENDING' })
    expect(await requestStatus(stack, requests[0]!)).to.equal('ACTIVE')
    expect(eventsOf(openingId)).to.deep.equal([
      'offer.created',
      'offer.created',
      'offer.declined',
      'offer.declined',
      'offer.created',
    ])
  })

  it('makes no offer inside min_notice_minutes: an opening past it is EXPIRED, and one reaching it expires', async () => {
    recorder.setPolicy(ORG, { quiet_hours: null, min_notice_minutes: 120 })
    const [a, b] = patients(2)
    const tooSoon = DateTime.now().setZone(zone).plus({ minutes: 90 })
    await fileRequest(stack, a!, tooSoon)
    const lateId = await openSlot(stack, tooSoon)
    expect(await openingOf(stack, lateId)).to.include({ status: 'EXPIRED' })
    expect(await offersOf(stack, lateId)).to.deep.equal([])
    expect(eventsOf(lateId)).to.deep.equal(['opening.expired'])

    // In the other clinic (its own zone), so this test's day is its own: the limit comes a few seconds from now.
    recorder.setPolicy(ORG, { quiet_hours: null, min_notice_minutes: 1 })
    const soon = DateTime.now().setZone(evening).plus({ minutes: 1, seconds: 4 })
    await fileRequest(stack, b!, soon, { clinic_id: CLINIC_ELSEWHERE })
    const openingId = await openSlot(stack, soon, { clinic_id: CLINIC_ELSEWHERE })
    const [offer] = await offersWhen(stack, openingId, (rows) => rows.length === 1)
    expect(offer!.expires_at.getTime()).to.equal(soon.toMillis() - MINUTE)
    await eventually(async () => (await openingOf(stack, openingId)).status === 'EXPIRED', 15_000)
    expect((await offersOf(stack, openingId))[0]).to.include({ status: 'EXPIRED' })
    expect(eventsOf(openingId)).to.deep.equal(['offer.created', 'offer.expired', 'opening.expired'])
  })

  it('waits offer_delay_seconds after an opening before its first round', async () => {
    recorder.setPolicy(ORG, { quiet_hours: null, offer_delay_seconds: 2 })
    const slot = dayAhead(5)
    const [a] = patients(1)
    await fileRequest(stack, a!, slot)
    const openedAt = Date.now()
    const openingId = await openSlot(stack, slot)
    expect(await openingOf(stack, openingId)).to.include({ round_phase: 'waiting', round: 1 })
    expect(await offersOf(stack, openingId)).to.deep.equal([])
    const [offer] = await offersWhen(stack, openingId, (rows) => rows.length === 1)
    expect(offer!.created_at.getTime() - openedAt).to.be.at.least(2_000 - 500)
  })

  it('starts no round inside quiet_hours on the clinic clock: it is due when they end there', async () => {
    // This clinic's clock reads about noon, the other's about 18:00: only the first is inside 11:00 to 14:00.
    recorder.setPolicy(ORG, { quiet_hours: { start: '11:00', end: '14:00' } })
    const slot = dayAhead(6)
    const [a, b] = patients(2)
    await fileRequest(stack, a!, slot)
    const openingId = await openSlot(stack, slot)
    const ends = DateTime.fromISO(`${DateTime.now().setZone(zone).toISODate()}T14:00`, { zone })
    expect(await openingOf(stack, openingId)).to.deep.include({
      round_phase: 'waiting',
      round_at: ends.toJSDate(),
    })
    const timer = await stack.queue.getJob(`offer-round-${openingId}-1-start`)
    expect(timer!.timestamp + timer!.delay).to.be.closeTo(ends.toMillis(), 5_000)
    // Run now, early: the round is still not due, so the timer waits again for its time.
    await timer!.promote()
    await eventually(async () => {
      const again = await stack.queue.getJob(timer!.id!)
      return again !== undefined && again.attemptsStarted > 0 && (await again.getState()) === 'delayed'
    })
    expect(await offersOf(stack, openingId)).to.deep.equal([])

    const elsewhere = DateTime.fromISO(`${DateTime.now().setZone(evening).plus({ days: 6 }).toISODate()}T10:00`, {
      zone: evening,
    })
    await fileRequest(stack, b!, elsewhere, { clinic_id: CLINIC_ELSEWHERE })
    const otherId = await openSlot(stack, elsewhere, { clinic_id: CLINIC_ELSEWHERE })
    await offersWhen(stack, otherId, (rows) => rows.length === 1)
  })

  it('sends a patient no more than max_offers_per_patient_per_day offers', async () => {
    recorder.setPolicy(ORG, { quiet_hours: null, max_offers_per_patient_per_day: 1 })
    const [a, b] = patients(2)
    const first = dayAhead(7)
    const second = dayAhead(8)
    await fileRequest(stack, a!, first)
    const [offer] = await offersWhen(stack, await openSlot(stack, first), (rows) => rows.length === 1)
    await answers.decline(offer!.id, patientActor(a!))
    await fileRequest(stack, a!, second)
    const other = await fileRequest(stack, b!, second)
    const offers = await offersWhen(stack, await openSlot(stack, second), (rows) => rows.length > 0)
    expect(offers.map((o) => o.request_id)).to.deep.equal([other])
  })

  it('never gives a patient two PENDING offers: a patient holding one is passed over, and the database refuses a second', async () => {
    const [a, b] = patients(2)
    const first = dayAhead(9)
    const second = dayAhead(12)
    await fileRequest(stack, a!, first)
    const [held] = await offersWhen(stack, await openSlot(stack, first), (rows) => rows.length === 1)
    await fileRequest(stack, a!, second)
    const other = await fileRequest(stack, b!, second)
    const secondId = await openSlot(stack, second)
    const offers = await offersWhen(stack, secondId, (rows) => rows.length > 0)
    expect(offers.map((o) => o.request_id)).to.deep.equal([other])
    expect(held).to.include({ status: 'PENDING' })

    const copy = stack.sequelize.query(
      `INSERT INTO offers (id, opening_id, request_id, patient_id, organization_id, status, round, rank, reasons,
         expires_at, created_at)
       SELECT gen_random_uuid(), $1, id, patient_id, organization_id, 'PENDING', 9, 1, '[]', now() + interval '1 hour', now()
       FROM waitlist_requests WHERE patient_id = $2 AND date_range_start = $3`,
      { bind: [secondId, patient(a!), second.toISODate()] },
    )
    expect(await violation(copy)).to.match(/offers_one_pending_per_patient/)
  })

  it('places a patient who declined or let lapse two offers this week behind the others, in rounds and candidates', async () => {
    recorder.setPolicy(ORG, { quiet_hours: null, batch_size: 1 })
    const [a, b] = patients(2)
    const [first, second, third] = [dayAhead(13), dayAhead(14), dayAhead(15)]
    for (const slot of [first, second]) {
      await fileRequest(stack, a!, slot)
      const [offer] = await offersWhen(stack, await openSlot(stack, slot), (rows) => rows.length === 1)
      await answers.decline(offer!.id, patientActor(a!))
    }
    const demoted = await fileRequest(stack, a!, third)
    const other = await fileRequest(stack, b!, third)
    const openingId = await openSlot(stack, third)
    const [offer] = await offersWhen(stack, openingId, (rows) => rows.length === 1)
    expect(offer!.request_id).to.equal(other)
    const candidates = await call(stack, 'GET', `/apis/v1/openings/${openingId}/candidates`, { token: staffToken(ORG) })
    const last = candidates.body.data.items.at(-1)
    expect(last.request_id).to.equal(demoted)
    expect(last.reasons.map((reason: { code: string }) => reason.code)).to.include('RECENT_DECLINES')
  })
})
