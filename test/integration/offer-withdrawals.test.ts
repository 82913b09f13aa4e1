import { expect } from 'chai'
import { QueryTypes } from 'sequelize'
import { SLOT_NO_LONGER_AVAILABLE } from '../../shared/offers/offer-answer'
import { call, startStack, type TestStack } from '../support/stack'
import { recordOffers } from '../support/offer-recorder'
import {
  OFFERS_PATH,
  ORG,
  answerOffer,
  asPatient,
  asStaff,
  conflictMessage,
  offerScenes,
  openingOf,
  seedOfferOrganization,
  zoneAt,
} from '../support/offers'

/**
 * What ends an offer other than its own answer, over HTTP: staff withdrawing
 * the opening, the request changed, cancelled or fulfilled, and another
 * acceptance winning the race for the slot (docs/api.md, docs/offer-policy.md).
 */
describe('offers over HTTP: what withdraws them, and twenty acceptances racing for one slot', function () {
  this.timeout(60_000)
  const recorder = recordOffers()
  const zone = zoneAt(12)
  let stack: TestStack
  let scenes: ReturnType<typeof offerScenes>
  const accept = (id: string, token: string) => answerOffer(stack, 'accept', id, token)
  const read = (id: string, token: string) => call(stack, 'GET', `${OFFERS_PATH}/${id}`, { token })
  const filledEvents = (openingId: string) =>
    recorder.eventsOf(openingId).filter((event) => event.type === 'opening.filled')

  before(async () => {
    stack = await startStack({}, { offers: recorder.ports })
    await seedOfferOrganization(stack, { clinic: zone, elsewhere: zone })
    scenes = offerScenes(stack, zone)
  })
  beforeEach(() => recorder.setPolicy(ORG, { quiet_hours: null, batch_size: 3 }))
  after(async () => {
    await stack?.stop()
  })

  it('withdraws the PENDING offers of an opening staff withdraw: accepting one is told the slot is gone', async () => {
    const { openingId, offers } = await scenes.offered(2)
    const withdrawn = await call(stack, 'POST', `/apis/v1/openings/${openingId}/withdraw`, { token: asStaff() })
    expect(withdrawn.status, withdrawn.text).to.equal(200)
    const listed = await call(stack, 'GET', `${OFFERS_PATH}?opening_id=${openingId}`, { token: asStaff() })
    expect(listed.body.data.items.map((o: { status: string }) => o.status)).to.deep.equal(['WITHDRAWN', 'WITHDRAWN'])
    for (const offer of offers) {
      expect(conflictMessage(await accept(offer.id, asPatient(offer.patient_id)))).to.equal(SLOT_NO_LONGER_AVAILABLE)
    }
  })

  it('withdraws the PENDING offer of a request cancelled, changed or fulfilled: accepting it is refused naming WITHDRAWN', async () => {
    const { openingId, offers } = await scenes.offered(3)
    const [cancelled, changed, fulfilled] = offers
    const writes = [
      await call(stack, 'POST', `/apis/v1/waitlist-requests/${cancelled!.request_id}/cancel`, {
        token: asPatient(cancelled!.patient_id),
      }),
      await call(stack, 'PATCH', `/apis/v1/waitlist-requests/${changed!.request_id}`, {
        token: asStaff(),
        body: { notes: 'prefers a call first' },
        headers: { 'If-Match': '*' },
      }),
      await call(stack, 'POST', `/apis/v1/waitlist-requests/${fulfilled!.request_id}/fulfill`, {
        token: asStaff(),
        body: { appointment_id: 'pms-78', appointment_start: scenes.newDay().toISO() },
      }),
    ]
    for (const write of writes) expect(write.status, write.text).to.equal(200)
    for (const offer of offers) {
      const token = asPatient(offer.patient_id)
      expect((await read(offer.id, token)).body.data.status).to.equal('WITHDRAWN')
      expect(conflictMessage(await accept(offer.id, token))).to.equal(
        'offer is WITHDRAWN: only a PENDING offer within its hold can be accepted',
      )
    }
    expect(await openingOf(stack, openingId)).to.include({ status: 'OPEN' })
  })

  it('lets exactly one of 20 concurrent HTTP acceptances win, from patients and staff alike: one booking, the rest 409', async () => {
    recorder.setPolicy(ORG, { quiet_hours: null, batch_size: 5 })
    const { openingId, offers } = await scenes.offered(5)
    const attempts = [
      ...offers.map((offer) => accept(offer.id, asPatient(offer.patient_id))),
      ...Array.from({ length: 15 }, (_, i) => accept(offers[i % 5]!.id, asStaff(`desk-race-${i}`))),
    ]
    const answers = await Promise.all(attempts)
    const won = answers.filter((answer) => answer.status === 200)
    expect(won, answers.map((answer) => answer.status).join(',')).to.have.length(1)
    const winner = won[0]!.body.data
    for (const answer of answers.filter((a) => a !== won[0])) {
      expect(conflictMessage(answer)).to.be.oneOf([
        SLOT_NO_LONGER_AVAILABLE,
        'offer is ACCEPTED: only a PENDING offer within its hold can be accepted',
      ])
    }
    const rows = await stack.sequelize.query<{ status: string; n: number }>(
      'SELECT status, count(*)::int AS n FROM offers WHERE opening_id = $1 GROUP BY status ORDER BY status',
      { bind: [openingId], type: QueryTypes.SELECT },
    )
    expect(rows).to.deep.equal([
      { status: 'ACCEPTED', n: 1 },
      { status: 'WITHDRAWN', n: 4 },
    ])
    const opening = await call(stack, 'GET', `/apis/v1/openings/${openingId}`, { token: asStaff() })
    expect(opening.body.data).to.deep.include({ status: 'FILLED', booking: winner.booking })
    expect(filledEvents(openingId)).to.have.length(1)
  })
})
