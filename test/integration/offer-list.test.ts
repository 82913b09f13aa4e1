import { expect } from 'chai'
import * as E from 'fp-ts/Either'
import { QueryTypes } from 'sequelize'
import { OpeningWithOffers } from '../../shared/offers/linked-offer'
import { OfferListPage } from '../../shared/offers/offer-list'
import { call, startStack, type ApiAnswer, type TestStack } from '../support/stack'
import { recordOffers } from '../support/offer-recorder'
import { patientToken, staffToken } from '../support/tokens'
import {
  OFFERS_PATH,
  ORG,
  answerOffer,
  asPatient,
  asStaff,
  fileRequest,
  lockOpeningRow,
  offerScenes,
  offersWhen,
  openSlot,
  patient,
  seedOfferOrganization,
  zoneAt,
} from '../support/offers'
import { eventually } from '../support/eventually'

const ID = '3f0c2a9e-4f1b-4c55-9d1e-7a0e5b6c8d90'
const CURSOR_REFUSED = 'cursor is not one this service issued: start again without it'

/** A cursor as the service writes one, around any JSON. */
const cursorOf = (position: unknown): string => Buffer.from(JSON.stringify(position), 'utf8').toString('base64url')

const idsOf = (answer: ApiAnswer): string[] => {
  expect(answer.status, answer.text).to.equal(200)
  expect(E.isRight(OfferListPage.decode(answer.body.data)), answer.text).to.equal(true)
  return answer.body.data.items.map((item: { id: string }) => item.id)
}

describe('GET /apis/v1/offers: a patient’s own offers, or the organization’s, newest first, in keyset pages', function () {
  this.timeout(60_000)
  const recorder = recordOffers()
  const zone = zoneAt(12)
  let stack: TestStack
  let scenes: ReturnType<typeof offerScenes>
  const list = (token: string, query = '') => call(stack, 'GET', `${OFFERS_PATH}${query}`, { token })

  /** Every page of a list, following next_cursor; the ids in order. */
  const allPages = async (token: string, query: string): Promise<string[]> => {
    const ids: string[] = []
    let cursor: string | null = null
    do {
      const answer = await list(token, `${query}${cursor === null ? '' : `&cursor=${cursor}`}`)
      ids.push(...idsOf(answer))
      cursor = answer.body.data.next_cursor
    } while (cursor !== null)
    return ids
  }

  /**
   * Opening A offered to three patients, the first of whom declines it and
   * is then offered opening B with a fourth: the first patient has two offers.
   */
  let a: Awaited<ReturnType<ReturnType<typeof offerScenes>['offered']>>
  let b: { openingId: string; offers: Awaited<ReturnType<typeof offersWhen>> }

  before(async () => {
    stack = await startStack({}, { offers: recorder.ports })
    await seedOfferOrganization(stack, { clinic: zone, elsewhere: zone })
    recorder.setPolicy(ORG, { quiet_hours: null, batch_size: 3 })
    scenes = offerScenes(stack, zone)
    a = await scenes.offered(3)
    const first = a.offers[0]!
    expect((await answerOffer(stack, 'decline', first.id, asPatient(first.patient_id))).status).to.equal(200)
    // Declined, A's round moves on with nobody left; B offers the first patient again, with a fourth.
    const slot = scenes.newDay()
    const [fourth] = scenes.patients(1)
    await fileRequest(
      stack,
      a.numbers.find((n) => patient(n) === first.patient_id)!,
      slot,
    )
    await fileRequest(stack, fourth!, slot)
    const openingId = await openSlot(stack, slot)
    b = { openingId, offers: await offersWhen(stack, openingId, (rows) => rows.length === 2) }
  })
  after(async () => {
    await stack?.stop()
  })

  it('lists staff every offer of the organization, newest first, page by page, each with its link', async () => {
    const stored = await stack.sequelize.query<{ id: string }>(
      'SELECT id FROM offers WHERE organization_id = $1 ORDER BY created_at DESC, id DESC',
      { bind: [ORG], type: QueryTypes.SELECT },
    )
    expect(stored).to.have.length(5)
    expect(await allPages(asStaff(), '?limit=2')).to.deep.equal(stored.map((row) => row.id))
    const page = await list(asStaff('desk-x', 'CLINICIAN'), '?limit=1')
    expect(page.body.data.items[0].link).to.match(/\/offers\/[A-Za-z0-9_-]{43}$/)
  })

  it('filters by opening, request and status, together or alone', async () => {
    const staff = asStaff()
    const [first, second, third] = a.offers
    const byIdDescending = (ids: string[]) => [...ids].sort().reverse()
    expect(idsOf(await list(staff, `?opening_id=${a.openingId}`))).to.deep.equal(
      byIdDescending([first!.id, second!.id, third!.id]),
    )
    expect(idsOf(await list(staff, `?request_id=${first!.request_id}`))).to.deep.equal([first!.id])
    expect(idsOf(await list(staff, '?status=DECLINED'))).to.deep.equal([first!.id])
    expect(idsOf(await list(staff, `?opening_id=${a.openingId}&status=PENDING`))).to.deep.equal(
      byIdDescending([second!.id, third!.id]),
    )
    expect(idsOf(await list(staff, `?opening_id=${b.openingId}&status=ACCEPTED`))).to.deep.equal([])
  })

  it('lists a patient only their own offers: filters narrow that, never widen it', async () => {
    const first = a.offers[0]!
    const token = asPatient(first.patient_id)
    const again = b.offers.find((offer) => offer.patient_id === first.patient_id)!
    const firstPage = await list(token, '?limit=1')
    expect(idsOf(firstPage)).to.deep.equal([again.id])
    const secondPage = await list(token, `?limit=1&cursor=${firstPage.body.data.next_cursor}`)
    expect(idsOf(secondPage)).to.deep.equal([first.id])
    expect(secondPage.body.data.next_cursor).to.equal(null)
    expect(idsOf(await list(token, `?opening_id=${a.openingId}`))).to.deep.equal([first.id])
    const someoneElses = b.offers.find((offer) => offer.patient_id !== first.patient_id)!
    expect(idsOf(await list(token, `?request_id=${someoneElses.request_id}`))).to.deep.equal([])
    expect(idsOf(await list(asPatient(a.offers[1]!.patient_id), `?opening_id=${b.openingId}`))).to.deep.equal([])
    expect(idsOf(await list(patientToken('pat-a1')))).to.deep.equal([])
    expect(idsOf(await list(staffToken('org-a', 'ADMIN')))).to.deep.equal([])
  })

  it('refuses every bad parameter at once, each named', async () => {
    const answer = await list(asStaff(), '?opening_id=x&request_id=1&status=LIVE&limit=0&cursor=abc')
    expect(answer.status).to.equal(400)
    expect(answer.body).to.include({ code: 4000, message: 'opening_id must be an opening id', data: null })
    expect(answer.body.errors).to.deep.equal([
      { field: 'opening_id', message: 'opening_id must be an opening id' },
      { field: 'request_id', message: 'request_id must be a waitlist request id' },
      { field: 'status', message: 'status must be one of PENDING, ACCEPTED, DECLINED, EXPIRED, WITHDRAWN' },
      { field: 'limit', message: 'limit must be an integer from 1 to 100' },
      { field: 'cursor', message: CURSOR_REFUSED },
    ])
  })

  it('answers hostile values with a 400 naming the parameter, never a 500', async () => {
    const hostile = [
      '',
      '%00',
      'a%00b',
      '%ED%A0%80',
      '%27%20OR%201%3D1%20--',
      'x'.repeat(2000),
      ID.toUpperCase(),
      `${ID}%20`,
      '-1',
      '1e2',
    ]
    for (const field of ['opening_id', 'request_id', 'status', 'limit', 'cursor']) {
      for (const value of [...hostile, `${value0(field)}&${field}=${value0(field)}`]) {
        const query = `?${field}=${value}`
        const answer = await list(asStaff(), query)
        expect(answer.status, `${query.slice(0, 80)}: ${answer.text}`).to.equal(400)
        expect(answer.headers.get('content-type')).to.match(/^application\/json/)
        expect(answer.body.errors.map((error: { field: string }) => error.field)).to.deep.equal([field])
      }
    }
    const forged = [
      cursorOf({ key: ['0000-01-01T00:00:00.000Z', ID] }),
      cursorOf({ key: ['9999-12-31T23:59:59-23:59', ID] }),
      cursorOf({ key: ['2026-12-01T24:00:00.000Z', ID] }),
      cursorOf({ key: ['2026-12-01T10:00:00.000Z', 'x'] }),
      cursorOf({ key: ['2026-12-01T10:00:00.000Z', ID], where: '1=1' }),
      cursorOf({ key: ['2026-12-01T10:00:00+01:00', ID] }),
      `${cursorOf({ key: ['2026-12-01T10:00:00.000Z', ID] })}==`,
      cursorOf({ sort: 'waitlist', key: [1, '2026-12-01T10:00:00.000Z', ID] }),
    ]
    for (const cursor of forged) {
      const answer = await list(asStaff(), `?cursor=${cursor}`)
      expect(answer.status, cursor).to.equal(400)
      expect(answer.body.errors).to.deep.equal([{ field: 'cursor', message: CURSOR_REFUSED }])
    }
    expect(idsOf(await list(asStaff(), `?cursor=${cursorOf({ key: ['2026-12-01T10:00:00.000Z', ID] })}`))).to.be.an(
      'array',
    )
  })

  it('shows staff an opening with its offers, by round and rank; HEAD and OPTIONS answer as for every route', async () => {
    const opening = await call(stack, 'GET', `/apis/v1/openings/${b.openingId}`, { token: asStaff() })
    expect(opening.status, opening.text).to.equal(200)
    expect(E.isRight(OpeningWithOffers.decode(opening.body.data)), opening.text).to.equal(true)
    expect(opening.body.data.status).to.equal('OPEN')
    expect(opening.body.data).not.to.have.property('booking')
    expect(opening.body.data.offers.map((offer: { id: string }) => offer.id)).to.deep.equal(
      b.offers.map((offer) => offer.id),
    )
    const head = await call(stack, 'HEAD', `${OFFERS_PATH}/${b.offers[0]!.id}`, { token: asStaff() })
    expect(head.status).to.equal(200)
    expect(head.text).to.equal('')
    const options = await call(stack, 'OPTIONS', `${OFFERS_PATH}/${b.offers[0]!.id}/accept`)
    expect(options.status).to.equal(200)
    expect(options.body.data.allow).to.include('POST')
  })
})

/** A well-formed value of each parameter, given twice to be refused. */
const value0 = (field: string): string =>
  ({ opening_id: ID, request_id: ID, status: 'PENDING', limit: '5' })[field] ??
  cursorOf({ key: ['2026-12-01T10:00:00.000Z', ID] })

describe('an answer that outlives the bounded wait: 202 with the offer’s Location', function () {
  this.timeout(60_000)
  const recorder = recordOffers()
  const zone = zoneAt(12)
  let stack: TestStack

  before(async () => {
    stack = await startStack({ JOB_WAIT_TIMEOUT_MS: 1_500 }, { offers: recorder.ports })
    await seedOfferOrganization(stack, { clinic: zone, elsewhere: zone })
    recorder.setPolicy(ORG, { quiet_hours: null, batch_size: 1 })
  })
  after(async () => {
    await stack?.stop()
  })

  it('answers 202 while the opening is held, then the acceptance lands, and the same patient sending it again gets the booking', async () => {
    const { openingId, offers } = await offerScenes(stack, zone).offered(1)
    const offer = offers[0]!
    const token = asPatient(offer.patient_id)
    const lock = await lockOpeningRow(stack, openingId)
    let location = ''
    try {
      const answer = await answerOffer(stack, 'accept', offer.id, token)
      expect(answer.status, answer.text).to.equal(202)
      expect(answer.body).to.deep.equal({
        code: 2020,
        message: 'Accepted: the acceptance is being processed',
        data: { id: offer.id, status: 'PROCESSING' },
      })
      location = answer.headers.get('location') ?? ''
      expect(location).to.equal(`${OFFERS_PATH}/${offer.id}`)
      expect((await call(stack, 'GET', location, { token })).body.data.status).to.equal('PENDING')
    } finally {
      await lock.release()
    }
    await eventually(async () => (await call(stack, 'GET', location, { token })).body.data.status === 'ACCEPTED')
    const again = await answerOffer(stack, 'accept', offer.id, token)
    expect(again.status, again.text).to.equal(200)
    expect(again.body.data.booking).to.include({ offer_id: offer.id, booked_by: `user-${offer.patient_id}` })
  })
})
