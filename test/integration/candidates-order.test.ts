import { expect } from 'chai'
import * as O from 'fp-ts/Option'
import { atClinic } from '../../shared/openings/opening-access'
import type { EndedOffer } from '../../shared/openings/rank'
import { explainCandidate, findRankedCandidates, type RecentOffers } from '../../worker/openings/find-candidates'
import { findOpening } from '../../worker/openings/opening-repository'
import { filed } from '../support/lifecycle'
import { candidatesOf, dayAhead, dayRequest, localAt, opened } from '../support/openings'
import { startStack, type TestStack } from '../support/stack'
import { staffToken } from '../support/tokens'

const DAY_MS = 24 * 60 * 60 * 1000

describe('the ranked candidates of an opening: the clinic’s order, its two adjustments, and why', () => {
  let stack: TestStack
  const staff = staffToken('org-a')
  before(async () => {
    stack = await startStack()
  })
  after(async () => {
    await stack?.stop()
  })

  /** A request at clinic-a1 taking anything on `day`. */
  const request = (day: string, patient: string, overrides: Record<string, unknown> = {}) =>
    dayRequest(stack, staff, day, patient, overrides)
  const slot = async (day: string, overrides: Record<string, unknown> = {}) =>
    (await opened(stack, staff, { start: localAt('clinic-a1', day, '10:00'), ...overrides }))['id'] as string
  const rankedIds = async (openingId: string) => {
    const answer = await candidatesOf(stack, staff, openingId)
    expect(answer.status, answer.text).to.equal(200)
    expect(answer.body.data.opening_id).to.equal(openingId)
    return answer.body.data.items.map((item: { request_id: string }) => item.request_id)
  }
  /** As a batch import writes a chunk: one instant for them all. */
  const writtenTogether = (ids: ReadonlyArray<string>) =>
    stack.sequelize.query(
      'UPDATE waitlist_requests SET created_at = (SELECT min(created_at) FROM waitlist_requests WHERE id IN (:ids)) WHERE id IN (:ids)',
      { replacements: { ids } },
    )

  it('ranks priority 1 first, then the longest waiting, with each place’s reasons', async () => {
    const day = dayAhead('clinic-a1', 6)
    const routine = await request(day, 'pat-a1', { priority: 3 })
    const urgent = await request(day, 'pat-a2', { priority: 1 })
    const routineLater = await request(day, 'pat-a2', { priority: 3 })
    await request(day, 'pat-a1', { preferred_time_slots: ['EVENING'] })
    const openingId = await slot(day)
    expect(await rankedIds(openingId)).to.deep.equal([urgent, routine, routineLater])
    const answer = await candidatesOf(stack, staff, openingId)
    const [first] = answer.body.data.items
    expect(first).to.deep.include({ rank: 1, request_id: urgent, patient_id: 'pat-a2', priority: 1 })
    expect(first.waiting_since).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    expect(first.reasons.map((reason: { code: string }) => reason.code)).to.deep.equal([
      'STATUS',
      'CLINIC',
      'RELEASED_BY_PATIENT',
      'CATEGORY',
      'PROVIDER',
      'DATE',
      'WEEKDAY',
      'PART_OF_DAY',
    ])
  })

  it('puts a request naming the provider before an otherwise equal one taking anyone, and says so', async () => {
    const day = dayAhead('clinic-a1', 7)
    const anyone = await request(day, 'pat-a1')
    const naming = await request(day, 'pat-a2', { preferred_providers: ['prov-a1'] })
    await writtenTogether([anyone, naming])
    const openingId = await slot(day)
    expect(await rankedIds(openingId)).to.deep.equal([naming, anyone])
    const { body } = await candidatesOf(stack, staff, openingId, `?request_id=${naming}`)
    expect(body.data).to.deep.include({ request_id: naming, fits: true, rank: 1 })
    expect(body.data.reasons.at(-1)).to.deep.equal({
      code: 'NAMES_PROVIDER',
      message: 'names prov-a1; placed before otherwise equal requests that take any provider',
    })
  })

  it('leaves out the patient who released the slot, and answers why', async () => {
    const day = dayAhead('clinic-a1', 8)
    const releaser = await request(day, 'pat-a1')
    const other = await request(day, 'pat-a2')
    const openingId = await slot(day, { released_by_patient_id: 'pat-a1' })
    expect(await rankedIds(openingId)).to.deep.equal([other])
    const { body } = await candidatesOf(stack, staff, openingId, `?request_id=${releaser}`)
    expect(body.data).to.deep.equal({
      request_id: releaser,
      patient_id: 'pat-a1',
      fits: false,
      rank: null,
      reasons: [{ code: 'RELEASED_BY_PATIENT', message: 'pat-a1 released this slot and is not offered it back' }],
    })
  })

  it('puts a patient with 2 declined or lapsed offers in 7 days behind the rest, through the recent-offers seam', async () => {
    const day = dayAhead('clinic-a1', 9)
    const declined = await request(day, 'pat-a1', { priority: 1 })
    const patient = await request(day, 'pat-a2', { priority: 3 })
    const stored = await findOpening(stack.db, await slot(day))
    if (O.isNone(stored)) return expect.fail('opening not stored')
    const opening = atClinic(stored.value)
    const now = new Date()
    const asked: Array<{ patients: ReadonlyArray<string>; since: Date }> = []
    const offers =
      (ended: ReadonlyArray<EndedOffer>): RecentOffers =>
      async (patients, since) => {
        asked.push({ patients, since })
        return ended
      }
    const ago = (days: number) => new Date(now.getTime() - days * DAY_MS)
    const ranked = (ended: ReadonlyArray<EndedOffer>) =>
      findRankedCandidates(stack.db, offers(ended))(opening, now).then((list) => list.map((entry) => entry.request_id))

    expect(await ranked([])).to.deep.equal([declined, patient])
    expect(asked[0]?.patients).to.have.members(['pat-a1', 'pat-a2'])
    expect(asked[0]?.since).to.deep.equal(ago(7))
    expect(await ranked([{ patient_id: 'pat-a1', ended_at: ago(1) }])).to.deep.equal([declined, patient])
    const twoOld = [ago(8), ago(1)].map((ended_at) => ({ patient_id: 'pat-a1', ended_at }))
    expect(await ranked(twoOld)).to.deep.equal([declined, patient])
    const twoRecent = [ago(6), ago(1)].map((ended_at) => ({ patient_id: 'pat-a1', ended_at }))
    expect(await ranked(twoRecent)).to.deep.equal([patient, declined])

    const why = await explainCandidate(stack.db, offers(twoRecent))(opening, declined, now)
    if (O.isNone(why)) return expect.fail('request not found')
    expect(why.value).to.deep.include({ fits: true, rank: 2 })
    expect(why.value.reasons.at(-1)).to.deep.equal({
      code: 'RECENT_DECLINES',
      message: 'declined or let lapse 2 offers in the last 7 days; placed behind patients who did not',
    })
  })

  it("refuses a malformed request_id, and another organization's request as unknown", async () => {
    const openingId = await slot(dayAhead('clinic-a1', 10))
    const theirs = await filed(
      stack,
      staffToken('org-b'),
      {
        clinic_id: 'clinic-b1',
        appointment_category_id: 'cat-b',
        preferred_providers: [],
        date_range_start: dayAhead('clinic-b1', 3),
        date_range_end: dayAhead('clinic-b1', 4),
      },
      '?patient_id=pat-b1',
    )
    const cases: Array<[string, string]> = [
      ['not-a-uuid', 'request_id must be a waitlist request id'],
      [theirs['id'], 'request_id does not name a known waitlist request'],
      ['00000000-0000-4000-8000-000000000000', 'request_id does not name a known waitlist request'],
    ]
    for (const [requestId, message] of cases) {
      const answer = await candidatesOf(stack, staff, openingId, `?request_id=${requestId}`)
      expect(answer.status).to.equal(400)
      expect(answer.body.errors).to.deep.equal([{ field: 'request_id', message }])
    }
  })
})
