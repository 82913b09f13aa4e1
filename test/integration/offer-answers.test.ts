import { randomUUID } from 'node:crypto'
import { expect } from 'chai'
import { DateTime } from 'luxon'
import { QueryTypes } from 'sequelize'
import { SLOT_NO_LONGER_AVAILABLE } from '../../shared/offers/offer-answer'
import { call, startStack, type TestStack } from '../support/stack'
import { eventually } from '../support/eventually'
import { recordOffers } from '../support/offer-recorder'
import { staffToken } from '../support/tokens'
import {
  CATEGORY,
  ORG,
  PROVIDER,
  answerJobs,
  fileRequest,
  offerScenes,
  offersOf,
  offersWhen,
  openSlot,
  openingOf,
  patient,
  patientActor,
  requestStatus,
  seedOfferOrganization,
  staff,
  violation,
  zoneAt,
} from '../support/offers'

/**
 * Accepting and declining offers through the queue, as integrations do, and
 * what ending an opening or a request does to its offers (docs/offer-policy.md).
 */
describe('offer answers: the first acceptance books the slot, and everything else follows', function () {
  this.timeout(30_000)
  const recorder = recordOffers()
  const zone = zoneAt(12)
  let stack: TestStack
  let answers: Awaited<ReturnType<typeof answerJobs>>
  let scenes: ReturnType<typeof offerScenes>
  const patients = (count: number) => scenes.patients(count)
  const newDay = () => scenes.newDay()
  const offered = (count: number) => scenes.offered(count)
  const eventsOf = (openingId: string) => recorder.eventsOf(openingId).map((event) => event.type)

  before(async () => {
    stack = await startStack({}, { offers: recorder.ports })
    await seedOfferOrganization(stack, { clinic: zone, elsewhere: zone })
    scenes = offerScenes(stack, zone)
    answers = await answerJobs(stack)
  })
  beforeEach(() => recorder.setPolicy(ORG, { quiet_hours: null, batch_size: 3 }))
  after(async () => {
    await answers?.close()
    await stack?.stop()
  })

  it('accepts as the patient: offer ACCEPTED, opening FILLED with its booking, request FULFILLED, the rest WITHDRAWN', async () => {
    const { slot, openingId, numbers, requests, offers } = await offered(3)
    const [first, ...others] = offers
    const result = await answers.accept(first!.id, patientActor(numbers[0]!))
    expect(result.outcome).to.equal('accepted')
    expect(result.offer).to.include({ id: first!.id, status: 'ACCEPTED', request_id: requests[0] })
    expect(result.booking).to.deep.include({
      offer_id: first!.id,
      request_id: requests[0],
      patient_id: patient(numbers[0]!),
      provider_id: PROVIDER,
      start: slot.toUTC().toISO(),
      end: slot.plus({ hours: 1 }).toUTC().toISO(),
      appointment_category_id: CATEGORY,
      booked_by: `user-${patient(numbers[0]!)}`,
    })
    expect(await openingOf(stack, openingId)).to.include({
      status: 'FILLED',
      booked_offer_id: first!.id,
      booked_request_id: requests[0],
      round_phase: 'idle',
    })
    expect((await offersOf(stack, openingId)).map((o) => o.status)).to.deep.equal([
      'ACCEPTED',
      'WITHDRAWN',
      'WITHDRAWN',
    ])
    expect(await requestStatus(stack, requests[0]!)).to.equal('FULFILLED')
    expect(await requestStatus(stack, requests[1]!)).to.equal('ACTIVE')

    const history = await call(stack, 'GET', `/apis/v1/waitlist-requests/${requests[0]}/history`, {
      token: staffToken(ORG),
    })
    const entry = history.body.data.items.at(-1)
    expect(entry).to.include({ event: 'fulfilled', by: `user-${patient(numbers[0]!)}` })
    expect(entry.changes).to.deep.include({ field: 'offer_id', before: null, after: first!.id })
    expect(entry.changes).to.deep.include({
      field: 'booked_appointment',
      before: null,
      after: { id: openingId, start: slot.toUTC().toISO() },
    })
    expect(eventsOf(openingId).slice(3)).to.deep.equal([
      'offer.accepted',
      'offer.withdrawn',
      'offer.withdrawn',
      'opening.filled',
    ])
    const filled = recorder.events.find(
      (event) => event.type === 'opening.filled' && event.data.opening_id === openingId,
    )
    expect(filled?.data).to.deep.include({ offer_id: first!.id })
    expect(filled?.data).to.have.nested.include({
      'booking.request_id': requests[0],
      'booking.patient_id': patient(numbers[0]!),
      'booking.appointment_category_id': CATEGORY,
    })

    // Any later acceptance: the slot is gone, and nothing changes.
    const late = await answers.accept(others[0]!.id, patientActor(numbers[1]!))
    expect(late).to.deep.include({ outcome: 'rejected', reason: 'conflict' })
    expect(late.errors[0].message).to.equal(SLOT_NO_LONGER_AVAILABLE)
  })

  it('accepts as staff on the patient’s behalf, answers a repeated job as before, and hides the offer from anyone else', async () => {
    const { openingId, numbers, offers } = await offered(2)
    const notFound = { outcome: 'rejected', reason: 'not_found' }
    expect(await answers.accept(offers[0]!.id, patientActor(numbers[1]!))).to.deep.include(notFound)
    expect(await answers.accept(offers[0]!.id, { sub: 'other', role: 'STAFF', org_id: 'org-a' })).to.deep.include(
      notFound,
    )
    expect(await answers.accept(randomUUID(), staff())).to.deep.include(notFound)
    const invalid = await answers.accept('not-an-id', staff())
    expect(invalid).to.deep.include({ outcome: 'rejected', reason: 'invalid' })
    expect(invalid.errors.map((error: { field: string }) => error.field)).to.include('offer_id')

    const changeId = randomUUID()
    const first = await answers.accept(offers[0]!.id, staff('front-desk'), changeId)
    expect(first).to.nested.include({ outcome: 'accepted', 'booking.booked_by': 'front-desk' })
    // The same answer added again under a new job id, as a producer retrying would.
    const again = await answers.accept(offers[0]!.id, staff('front-desk'), changeId)
    expect(again).to.deep.equal(first)
    expect(eventsOf(openingId).filter((type) => type === 'opening.filled')).to.have.length(1)
  })

  it('refuses an EXPIRED or DECLINED offer naming its status, and keeps a declined request ACTIVE', async () => {
    recorder.setPolicy(ORG, { quiet_hours: null, batch_size: 2, hold_seconds: 1 })
    const { openingId, numbers, requests, offers } = await offered(2)
    const declined = await answers.decline(offers[0]!.id, patientActor(numbers[0]!))
    expect(declined).to.nested.include({ outcome: 'declined', 'offer.status': 'DECLINED' })
    const again = await answers.accept(offers[0]!.id, patientActor(numbers[0]!))
    expect(again.errors[0].message).to.match(/^offer is DECLINED/)
    expect(await requestStatus(stack, requests[0]!)).to.equal('ACTIVE')

    await offersWhen(stack, openingId, (rows) => rows[1]!.status === 'EXPIRED')
    const late = await answers.accept(offers[1]!.id, patientActor(numbers[1]!))
    expect(late).to.deep.include({ outcome: 'rejected', reason: 'conflict' })
    expect(late.errors[0].message).to.match(/^offer is EXPIRED/)
    expect(await openingOf(stack, openingId)).to.include({ status: 'OPEN', booked_offer_id: null })
  })

  it('refuses answers once a raised min_notice_minutes has put the slot past its notice limit: nothing booked or declined', async () => {
    const { openingId, numbers, offers } = await offered(2)
    recorder.setPolicy(ORG, { quiet_hours: null, batch_size: 3, min_notice_minutes: 365 * 24 * 60 })
    const accepted = await answers.accept(offers[0]!.id, patientActor(numbers[0]!))
    expect(accepted).to.deep.include({ outcome: 'rejected', reason: 'conflict' })
    expect(accepted.errors[0].message).to.match(/^offer is EXPIRED/)
    const declined = await answers.decline(offers[1]!.id, patientActor(numbers[1]!))
    expect(declined).to.deep.include({ outcome: 'rejected', reason: 'conflict' })
    expect(declined.errors[0].message).to.match(/^offer is EXPIRED/)
    expect(await openingOf(stack, openingId)).to.include({ booked_offer_id: null })
    expect((await offersOf(stack, openingId)).map((o) => o.status)).to.deep.equal(['PENDING', 'PENDING'])
  })

  it('withdraws the PENDING offers of an opening staff withdraw, and the slot is then no longer available', async () => {
    const { openingId, numbers, offers } = await offered(2)
    const withdrawn = await call(stack, 'POST', `/apis/v1/openings/${openingId}/withdraw`, { token: staffToken(ORG) })
    expect(withdrawn.status, withdrawn.text).to.equal(200)
    expect((await offersOf(stack, openingId)).map((o) => o.status)).to.deep.equal(['WITHDRAWN', 'WITHDRAWN'])
    expect(eventsOf(openingId).slice(2)).to.deep.equal(['offer.withdrawn', 'offer.withdrawn'])
    const late = await answers.accept(offers[0]!.id, patientActor(numbers[0]!))
    expect(late.errors[0].message).to.equal(SLOT_NO_LONGER_AVAILABLE)
  })

  it('withdraws a cancelled request’s PENDING offer, and a round left with none moves on at once', async () => {
    recorder.setPolicy(ORG, { quiet_hours: null, batch_size: 1 })
    const slot = newDay()
    const [a, b] = patients(2)
    const first = await fileRequest(stack, a!, slot)
    const second = await fileRequest(stack, b!, slot)
    const openingId = await openSlot(stack, slot)
    const [offer] = await offersWhen(stack, openingId, (rows) => rows.length === 1)
    expect(offer!.request_id).to.equal(first)
    const cancelled = await call(stack, 'POST', `/apis/v1/waitlist-requests/${first}/cancel`, {
      token: staffToken(ORG),
      body: {},
      headers: { 'If-Match': '"1"' },
    })
    expect(cancelled.status, cancelled.text).to.equal(200)
    const after = await offersOf(stack, openingId)
    expect(after.map((o) => [o.request_id, o.status, o.round])).to.deep.equal([
      [first, 'WITHDRAWN', 1],
      [second, 'PENDING', 2],
    ])
  })

  it('withdraws the PENDING offer of a request changed or fulfilled by staff: it can no longer be accepted', async () => {
    const { openingId, numbers, requests, offers } = await offered(2)
    const changed = await call(stack, 'PATCH', `/apis/v1/waitlist-requests/${requests[0]}`, {
      token: staffToken(ORG),
      body: { priority: 1 },
      headers: { 'If-Match': '"1"' },
    })
    expect(changed.status, changed.text).to.equal(200)
    const fulfilled = await call(stack, 'POST', `/apis/v1/waitlist-requests/${requests[1]}/fulfill`, {
      token: staffToken(ORG),
      body: { appointment_id: 'pms-77', appointment_start: DateTime.now().plus({ days: 2 }).toISO() },
      headers: { 'If-Match': '"1"' },
    })
    expect(fulfilled.status, fulfilled.text).to.equal(200)
    expect((await offersOf(stack, openingId)).map((o) => o.status)).to.deep.equal(['WITHDRAWN', 'WITHDRAWN'])
    const late = await answers.accept(offers[0]!.id, patientActor(numbers[0]!))
    expect(late.errors[0].message).to.match(/^offer is WITHDRAWN/)
    expect(await openingOf(stack, openingId)).to.include({ status: 'OPEN' })
  })

  it('holds the invariants in PostgreSQL itself: one ACCEPTED offer per opening, a booking of its own offer exactly when FILLED, one offer per request', async () => {
    const { openingId, numbers, offers } = await offered(2)
    await answers.accept(offers[0]!.id, patientActor(numbers[0]!))
    const secondAccepted = stack.sequelize.query(
      `UPDATE offers SET status = 'ACCEPTED', ended_at = now(), responded_at = now(), responded_by = 'x' WHERE id = $1`,
      { bind: [offers[1]!.id] },
    )
    expect(await violation(secondAccepted)).to.match(/offers_one_accepted_per_opening/)
    const elsewhere = stack.sequelize.query(`UPDATE openings SET booked_offer_id = $2 WHERE id = $1`, {
      bind: [openingId, randomUUID()],
    })
    expect(await violation(elsewhere)).to.match(/openings_booked_offer/)
    const unbooked = stack.sequelize.query(
      `UPDATE openings SET booked_offer_id = NULL, booked_request_id = NULL, booked_patient_id = NULL,
         booked_category_id = NULL, booked_at = NULL, booked_by = NULL WHERE id = $1`,
      { bind: [openingId] },
    )
    expect(await violation(unbooked)).to.match(/openings_booking_when_filled/)
    const twice = stack.sequelize.query(
      `INSERT INTO offers (id, opening_id, request_id, patient_id, organization_id, status, round, rank, reasons,
         expires_at, created_at, ended_at)
       SELECT gen_random_uuid(), opening_id, request_id, patient_id, organization_id, 'EXPIRED', 7, 1, '[]',
         now(), now(), now() FROM offers WHERE id = $1`,
      { bind: [offers[1]!.id] },
    )
    expect(await violation(twice)).to.match(/offers_opening_id_request_id_key/)
  })

  it('lets exactly one of 20 concurrent acceptances of one opening’s offers win: the rest are told the slot is gone', async () => {
    recorder.setPolicy(ORG, { quiet_hours: null, batch_size: 20 })
    const { openingId, numbers, offers } = await offered(20)
    const results = await Promise.all(offers.map((offer, i) => answers.accept(offer.id, patientActor(numbers[i]!))))
    const accepted = results.filter((result) => result.outcome === 'accepted')
    expect(accepted).to.have.length(1)
    for (const result of results.filter((r) => r.outcome !== 'accepted')) {
      expect(result).to.deep.include({ outcome: 'rejected', reason: 'conflict' })
      expect(result.errors[0].message).to.equal(SLOT_NO_LONGER_AVAILABLE)
    }
    const rows = await stack.sequelize.query<{ status: string; n: number }>(
      'SELECT status, count(*)::int AS n FROM offers WHERE opening_id = $1 GROUP BY status ORDER BY status',
      { bind: [openingId], type: QueryTypes.SELECT },
    )
    expect(rows).to.deep.equal([
      { status: 'ACCEPTED', n: 1 },
      { status: 'WITHDRAWN', n: 19 },
    ])
    expect(await openingOf(stack, openingId)).to.include({ status: 'FILLED', booked_offer_id: accepted[0].offer.id })
    await eventually(async () => eventsOf(openingId).filter((type) => type === 'opening.filled').length === 1)
  })
})
