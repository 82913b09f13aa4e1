import { randomUUID } from 'node:crypto'
import { expect } from 'chai'
import * as E from 'fp-ts/Either'
import { AcceptedOffer, LinkedOffer } from '../../shared/offers/linked-offer'
import { SLOT_NO_LONGER_AVAILABLE } from '../../shared/offers/offer-answer'
import { offerLink } from '../../shared/offers/offer-link'
import type { OfferId } from '../../shared/offers/offer-id'
import { call, startStack, type TestStack } from '../support/stack'
import { recordOffers } from '../support/offer-recorder'
import { patientToken, staffToken } from '../support/tokens'
import {
  CATEGORY,
  OFFERS_PATH,
  ORG,
  PROVIDER,
  answerOffer,
  asPatient,
  asStaff,
  conflictMessage,
  fileRequest,
  offerScenes,
  offersWhen,
  openSlot,
  openingOf,
  seedOfferOrganization,
  zoneAt,
} from '../support/offers'

const NOT_FOUND = { code: 4040, message: 'offer not found', data: null }

/**
 * Accepting and declining offers over HTTP, as a patient's app and the front
 * desk do, and what the answers do to the opening, the request and the other
 * offers (docs/api.md, docs/offer-policy.md).
 */
describe('offers over HTTP: the patient or staff answer, the first acceptance books the slot', function () {
  this.timeout(60_000)
  const recorder = recordOffers()
  const zone = zoneAt(12)
  let stack: TestStack
  let scenes: ReturnType<typeof offerScenes>
  const accept = (id: string, token: string, body?: unknown) => answerOffer(stack, 'accept', id, token, body)
  const decline = (id: string, token: string, body?: unknown) => answerOffer(stack, 'decline', id, token, body)
  const read = (id: string, token: string) => call(stack, 'GET', `${OFFERS_PATH}/${id}`, { token })
  const linkOf = (id: string) => offerLink(stack.config.PUBLIC_BASE_URL, stack.config.OFFER_LINK_SECRET, id as OfferId)
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

  it('accepts as the patient: the offer ACCEPTED with its booking, the opening FILLED, the request FULFILLED, the rest WITHDRAWN', async () => {
    const { slot, openingId, offers } = await scenes.offered(3)
    const [first, second, third] = offers
    const patientId = first!.patient_id
    const answer = await accept(first!.id, asPatient(patientId))
    expect(answer.status, answer.text).to.equal(200)
    expect(E.isRight(AcceptedOffer.decode(answer.body.data)), answer.text).to.equal(true)
    const { booking, ...offer } = answer.body.data
    expect(offer).to.deep.include({
      id: first!.id,
      opening_id: openingId,
      request_id: first!.request_id,
      patient_id: patientId,
      status: 'ACCEPTED',
      link: linkOf(first!.id),
    })
    expect(booking).to.deep.equal({
      offer_id: first!.id,
      request_id: first!.request_id,
      patient_id: patientId,
      provider_id: PROVIDER,
      start: slot.toUTC().toISO(),
      end: slot.plus({ hours: 1 }).toUTC().toISO(),
      appointment_category_id: CATEGORY,
      booked_at: offer.responded_at,
      booked_by: `user-${patientId}`,
    })
    expect((await read(first!.id, asPatient(patientId))).body.data).to.deep.equal(offer)

    const opening = await call(stack, 'GET', `/apis/v1/openings/${openingId}`, { token: asStaff() })
    expect(opening.body.data).to.deep.include({ status: 'FILLED', booking })
    expect(opening.body.data.offers.map((o: { id: string; status: string }) => [o.id, o.status])).to.deep.equal([
      [first!.id, 'ACCEPTED'],
      [second!.id, 'WITHDRAWN'],
      [third!.id, 'WITHDRAWN'],
    ])
    expect(opening.body.data.offers[0]).to.deep.equal(offer)

    const request = await call(stack, 'GET', `/apis/v1/waitlist-requests/${first!.request_id}`, {
      token: asPatient(patientId),
    })
    expect(request.body.data).to.deep.include({
      status: 'FULFILLED',
      booked_appointment: { id: openingId, start: slot.toUTC().toISO() },
    })
    const history = await call(stack, 'GET', `/apis/v1/waitlist-requests/${first!.request_id}/history`, {
      token: asStaff(),
    })
    const entry = history.body.data.items.at(-1)
    expect(entry).to.include({ event: 'fulfilled', by: `user-${patientId}` })
    expect(entry.changes).to.deep.include({ field: 'offer_id', before: null, after: first!.id })
    const other = await call(stack, 'GET', `/apis/v1/waitlist-requests/${second!.request_id}`, { token: asStaff() })
    expect(other.body.data.status).to.equal('ACTIVE')

    // Later acceptances: the slot is gone for the others; the same patient sending it again is told it is theirs.
    expect(conflictMessage(await accept(second!.id, asPatient(second!.patient_id)))).to.equal(SLOT_NO_LONGER_AVAILABLE)
    expect(conflictMessage(await accept(third!.id, asStaff()))).to.equal(SLOT_NO_LONGER_AVAILABLE)
    const again = await accept(first!.id, asPatient(patientId))
    expect(again.status, again.text).to.equal(200)
    expect(again.body.data).to.deep.equal(answer.body.data)
    expect(conflictMessage(await decline(first!.id, asPatient(patientId)))).to.equal(
      'offer is ACCEPTED: only a PENDING offer within its hold can be declined',
    )
    expect(filledEvents(openingId)).to.have.length(1)
  })

  it('accepts as staff on the patient’s behalf: a double submit books once, anyone else is told the offer is ACCEPTED', async () => {
    const { openingId, offers } = await scenes.offered(2)
    const [offer] = offers
    const twice = await Promise.all([
      accept(offer!.id, asStaff('desk-1', 'ADMIN')),
      accept(offer!.id, asStaff('desk-1', 'ADMIN')),
    ])
    expect(twice.map((answer) => answer.status)).to.deep.equal([200, 200])
    expect(twice[0].body.data).to.deep.equal(twice[1].body.data)
    expect(twice[0].body.data.booking.booked_by).to.equal('desk-1')
    const accepted = 'offer is ACCEPTED: only a PENDING offer within its hold can be accepted'
    expect(conflictMessage(await accept(offer!.id, asStaff('desk-2')))).to.equal(accepted)
    expect(conflictMessage(await accept(offer!.id, asPatient(offer!.patient_id)))).to.equal(accepted)
    const history = await call(stack, 'GET', `/apis/v1/waitlist-requests/${offer!.request_id}/history`, {
      token: asStaff(),
    })
    expect(history.body.data.items.at(-1)).to.include({ event: 'fulfilled', by: 'desk-1' })
    expect(await openingOf(stack, openingId)).to.include({ status: 'FILLED', booked_by: 'desk-1' })
    expect(filledEvents(openingId)).to.have.length(1)
  })

  for (const role of ['CLINICIAN', 'STAFF', 'ADMIN']) {
    it(`lets ${role} accept and decline on the patient’s behalf`, async () => {
      const token = asStaff(`desk-${role}`, role)
      const declined = await decline((await scenes.offered(1)).offers[0]!.id, token)
      expect(declined.status, declined.text).to.equal(200)
      expect(declined.body.data.status).to.equal('DECLINED')
      const accepted = await accept((await scenes.offered(1)).offers[0]!.id, token)
      expect(accepted.status, accepted.text).to.equal(200)
      expect(accepted.body.data.booking.booked_by).to.equal(`desk-${role}`)
    })
  }

  it('answers 404 to anyone who may not see the offer, as for an unknown or malformed id, and changes nothing', async () => {
    const { offers } = await scenes.offered(2)
    const [offer, others] = offers
    const strangers = [
      asPatient(others!.patient_id),
      patientToken('pat-a1'),
      staffToken('org-a', 'STAFF', 'desk-a'),
      staffToken('org-a', 'ADMIN', 'desk-o'),
    ]
    const ids = [randomUUID(), 'x', offer!.id.toUpperCase(), `${offer!.id}%00`]
    const tries = [
      ...strangers.map((token) => ({ id: offer!.id, token })),
      ...ids.map((id) => ({ id, token: asStaff() })),
    ]
    for (const { id, token } of tries) {
      const answers = [await read(id, token), await accept(id, token), await decline(id, token, { reason: 'no' })]
      for (const answer of answers) {
        expect(answer.status, `${id}: ${answer.text}`).to.equal(404)
        expect(answer.body).to.deep.equal(NOT_FOUND)
      }
    }
    for (const role of ['CLINICIAN', 'STAFF', 'ADMIN']) {
      const seen = await read(offer!.id, asStaff(`desk-${role}`, role))
      expect(seen.status, seen.text).to.equal(200)
      expect(E.isRight(LinkedOffer.decode(seen.body.data)), seen.text).to.equal(true)
      expect(seen.body.data).to.include({ status: 'PENDING', link: linkOf(offer!.id) })
    }
    expect((await read(offer!.id, asPatient(offer!.patient_id))).body.data.status).to.equal('PENDING')
  })

  it('declines with an optional reason: the request stays ACTIVE and the next round starts at once', async () => {
    recorder.setPolicy(ORG, { quiet_hours: null, batch_size: 1 })
    const slot = scenes.newDay()
    const [a, b] = scenes.patients(2)
    const requests = [await fileRequest(stack, a!, slot), await fileRequest(stack, b!, slot)]
    const openingId = await openSlot(stack, slot)
    const [offer] = await offersWhen(stack, openingId, (rows) => rows.length === 1)
    const token = asPatient(offer!.patient_id)

    const reasonRule =
      'reason must be a non-blank string of at most 500 characters, without NUL characters or unpaired surrogates'
    for (const body of [{ reason: ' ' }, { reason: 7 }, { reason: 'x'.repeat(501) }]) {
      const refused = await decline(offer!.id, token, body)
      expect(refused.status, refused.text).to.equal(400)
      expect(refused.body.errors).to.deep.equal([{ field: 'reason', message: reasonRule }])
    }
    const notObject = await decline(offer!.id, token, [1])
    expect(notObject.body.errors).to.deep.equal([{ field: 'body', message: 'request body must be a JSON object' }])
    const notJson = await call(stack, 'POST', `${OFFERS_PATH}/${offer!.id}/decline`, {
      token,
      body: 'no',
      headers: { 'Content-Type': 'text/plain' },
    })
    expect(notJson.status).to.equal(415)
    expect((await read(offer!.id, token)).body.data.status).to.equal('PENDING')

    const declined = await decline(offer!.id, asStaff('desk-c', 'CLINICIAN'), { reason: 'away that week' })
    expect(declined.status, declined.text).to.equal(200)
    expect(declined.body.data).to.include({ id: offer!.id, status: 'DECLINED', decline_reason: 'away that week' })
    expect(declined.body.data).not.to.have.property('booking')
    const again = await decline(offer!.id, asStaff('desk-c', 'CLINICIAN'), { reason: 'away that week' })
    expect(again.body.data).to.deep.equal(declined.body.data)
    expect(conflictMessage(await accept(offer!.id, token))).to.equal(
      'offer is DECLINED: only a PENDING offer within its hold can be accepted',
    )
    const request = await call(stack, 'GET', `/apis/v1/waitlist-requests/${offer!.request_id}`, { token })
    expect(request.body.data.status).to.equal('ACTIVE')

    const [, next] = await offersWhen(stack, openingId, (rows) => rows.length === 2)
    expect(next).to.include({ request_id: requests[1], status: 'PENDING', round: 2 })
    // No body at all declines without a reason.
    const plain = await decline(next!.id, asPatient(next!.patient_id))
    expect(plain.status, plain.text).to.equal(200)
    expect(plain.body.data).to.include({ status: 'DECLINED', decline_reason: null })
  })

  it('refuses to accept an EXPIRED offer, naming its status', async () => {
    recorder.setPolicy(ORG, { quiet_hours: null, batch_size: 1, hold_seconds: 1 })
    const { openingId, offers } = await scenes.offered(1)
    await offersWhen(stack, openingId, (rows) => rows[0]!.status === 'EXPIRED')
    const token = asPatient(offers[0]!.patient_id)
    expect(conflictMessage(await accept(offers[0]!.id, token))).to.equal(
      'offer is EXPIRED: only a PENDING offer within its hold can be accepted',
    )
    expect(conflictMessage(await decline(offers[0]!.id, token))).to.match(/^offer is EXPIRED/)
    expect(await openingOf(stack, openingId)).to.include({ status: 'OPEN', booked_offer_id: null })
  })
})
