import { expect } from 'chai'
import { startStack, type TestStack } from '../support/stack'
import { clinicDate } from '../support/fixtures'
import { patientToken, staffToken } from '../support/tokens'
import { cancel, filed, list } from '../support/lifecycle'

describe('GET /apis/v1/waitlist-requests (filters, order, cursor pages, scope)', () => {
  let stack: TestStack
  const staff = staffToken('org-a', 'STAFF')
  const ids: Record<string, string> = {}
  before(async () => {
    stack = await startStack()
    const file = async (name: string, patient: string, overrides: Record<string, unknown>) => {
      ids[name] = (await filed(stack, staff, overrides, `?patient_id=${patient}`))['id']
    }
    // Filed one after another, so created_at orders them as listed here.
    await file('a1-p3-old', 'pat-a1', { priority: 3 })
    await file('a1-p1', 'pat-a2', { priority: 1, preferred_providers: ['prov-a1'] })
    await file('a1-p3-new', 'pat-a2', {
      priority: 3,
      appointment_category_id: 'cat-follow',
      date_range_start: clinicDate('clinic-a1', 20),
      date_range_end: clinicDate('clinic-a1', 25),
    })
    await file('a1-p5', 'pat-a1', { priority: 5, date_range_end: clinicDate('clinic-a1', 10) })
    await file('a2-p2', 'pat-a1', {
      clinic_id: 'clinic-a2',
      preferred_providers: ['prov-a3'],
      date_range_start: clinicDate('clinic-a2', 1),
      date_range_end: clinicDate('clinic-a2', 30),
      priority: 2,
    })
    await file('a1-cancelled', 'pat-a1', { priority: 1 })
    await cancel(stack, staff, ids['a1-cancelled'] ?? '')
    await filed(
      stack,
      staffToken('org-b'),
      {
        clinic_id: 'clinic-b1',
        preferred_providers: [],
        appointment_category_id: 'cat-b',
        date_range_start: clinicDate('clinic-b1', 1),
        date_range_end: clinicDate('clinic-b1', 20),
      },
      '?patient_id=pat-b1',
    )
  })
  after(async () => {
    await stack?.stop()
  })

  const names = (items: Array<{ id: string }>) =>
    items.map((item) => Object.keys(ids).find((name) => ids[name] === item.id) ?? `other:${item.id}`)

  it("lists a clinic's ACTIVE requests in waitlist order: priority 1 first, then oldest first", async () => {
    const answer = await list(stack, staff, '?clinic_id=clinic-a1')
    expect(answer.status, answer.text).to.equal(200)
    expect(answer.body.code).to.equal(2000)
    expect(names(answer.body.data.items)).to.deep.equal(['a1-p1', 'a1-p3-old', 'a1-p3-new', 'a1-p5'])
    expect(answer.body.data.next_cursor).to.equal(null)
    expect(answer.body.data.items[0]).to.include({ status: 'ACTIVE', clinic_id: 'clinic-a1', priority: 1 })
    expect(answer.body.data.items[0].patient).to.deep.equal({ id: 'pat-a2', first_name: 'John', last_name: 'Smith' })
  })

  it("lists staff's whole organization when no clinic is named, and never another organization's", async () => {
    const answer = await list(stack, staff)
    expect(names(answer.body.data.items)).to.deep.equal(['a1-p1', 'a2-p2', 'a1-p3-old', 'a1-p3-new', 'a1-p5'])
    const other = await list(stack, staffToken('org-b'))
    expect(other.body.data.items).to.have.length(1)
    expect(other.body.data.items[0].clinic_id).to.equal('clinic-b1')
  })

  it('filters by status, priority, patient, provider, category and a day inside the range', async () => {
    const by = async (query: string) => names((await list(stack, staff, query)).body.data.items)
    expect(await by('?status=CANCELLED')).to.deep.equal(['a1-cancelled'])
    expect(await by('?priority=3')).to.deep.equal(['a1-p3-old', 'a1-p3-new'])
    expect(await by('?patient_id=pat-a2')).to.deep.equal(['a1-p1', 'a1-p3-new'])
    expect(await by('?provider_id=prov-a3')).to.deep.equal(['a2-p2'])
    expect(await by('?appointment_category_id=cat-follow')).to.deep.equal(['a1-p3-new'])
    expect(await by(`?clinic_id=clinic-a1&available_on=${clinicDate('clinic-a1', 22)}`)).to.deep.equal([
      'a1-p1',
      'a1-p3-old',
      'a1-p3-new',
    ])
    expect(await by(`?clinic_id=clinic-a1&available_on=${clinicDate('clinic-a1', 8)}`)).to.deep.equal([
      'a1-p1',
      'a1-p3-old',
      'a1-p5',
    ])
  })

  it('sorts by created_at or date_range_end when asked, either way', async () => {
    const by = async (sort: string) =>
      names((await list(stack, staff, `?clinic_id=clinic-a1&sort=${sort}`)).body.data.items)
    expect(await by('created_at')).to.deep.equal(['a1-p3-old', 'a1-p1', 'a1-p3-new', 'a1-p5'])
    expect(await by('-created_at')).to.deep.equal(['a1-p5', 'a1-p3-new', 'a1-p1', 'a1-p3-old'])
    expect((await by('date_range_end'))[0]).to.equal('a1-p5')
    expect((await by('-date_range_end')).slice(-1)).to.deep.equal(['a1-p5'])
  })

  it('pages with an opaque cursor: every item once, in order, and null after the last page', async () => {
    for (const sort of ['waitlist', 'created_at', '-created_at', 'date_range_end', '-date_range_end']) {
      const whole = names((await list(stack, staff, `?sort=${sort}`)).body.data.items)
      const seen: string[] = []
      let cursor: string | null = null
      let pages = 0
      do {
        const query: string = `?sort=${sort}&limit=2${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`
        const answer = await list(stack, staff, query)
        expect(answer.status, answer.text).to.equal(200)
        expect(answer.body.data.items.length).to.be.at.most(2)
        seen.push(...names(answer.body.data.items))
        cursor = answer.body.data.next_cursor
        pages += 1
      } while (cursor !== null && pages < 10)
      expect(seen, sort).to.deep.equal(whole)
      expect(pages).to.equal(3)
    }
  })

  it('gives patients only their own requests, whatever patient_id they send', async () => {
    const answer = await list(stack, patientToken('pat-a2'), '?patient_id=pat-a1')
    expect(names(answer.body.data.items)).to.deep.equal(['a1-p1', 'a1-p3-new'])
    const none = await list(stack, patientToken('pat-b1'), '?clinic_id=clinic-b1&status=CANCELLED')
    expect(none.body.data.items).to.deep.equal([])
  })

  it('answers an unknown filter value with 400 naming every bad parameter', async () => {
    const answer = await list(
      stack,
      staff,
      '?status=WAITING&priority=6&sort=name&limit=101&available_on=2026-02-30&cursor=bm9wZQ&clinic_id=' +
        encodeURIComponent('bad id'),
    )
    expect(answer.status).to.equal(400)
    expect(answer.body.code).to.equal(4000)
    expect(answer.body.errors).to.deep.equal([
      { field: 'clinic_id', message: 'clinic_id must be a clinic id' },
      { field: 'status', message: 'status must be one of ACTIVE, FULFILLED, CANCELLED, EXPIRED' },
      { field: 'priority', message: 'priority must be an integer from 1 to 5' },
      { field: 'available_on', message: 'available_on must be a real date in YYYY-MM-DD format' },
      {
        field: 'sort',
        message: 'sort must be one of waitlist, created_at, -created_at, date_range_end, -date_range_end',
      },
      { field: 'limit', message: 'limit must be an integer from 1 to 100' },
      { field: 'cursor', message: 'cursor is not one this service issued: start again without it' },
    ])
    for (const [query, field] of [
      ['?limit=0', 'limit'],
      ['?limit=abc', 'limit'],
      ['?priority=2.5', 'priority'],
      ['?status=active', 'status'],
      ['?status=ACTIVE&status=EXPIRED', 'status'],
    ]) {
      const refused = await list(stack, staff, query)
      expect(refused.status, query).to.equal(400)
      expect(
        refused.body.errors.map((error: { field: string }) => error.field),
        query,
      ).to.deep.equal([field])
    }
  })

  it("answers ids unknown, or outside the caller's organization, with 400 as on a create", async () => {
    const answer = await list(
      stack,
      staff,
      '?clinic_id=clinic-b1&patient_id=pat-b1&provider_id=prov-b1&appointment_category_id=nope',
    )
    expect(answer.status).to.equal(400)
    expect(answer.body.errors).to.deep.equal([
      { field: 'clinic_id', message: 'clinic_id does not name a known clinic' },
      { field: 'patient_id', message: 'patient_id does not name a known patient' },
      { field: 'provider_id', message: 'provider_id does not name a known provider' },
      { field: 'appointment_category_id', message: 'appointment_category_id does not name a known category' },
    ])
  })

  it('refuses a cursor used with another sort order', async () => {
    const first = await list(stack, staff, '?limit=1')
    const answer = await list(stack, staff, `?sort=created_at&cursor=${first.body.data.next_cursor}`)
    expect(answer.status).to.equal(400)
    expect(answer.body.errors).to.deep.equal([
      { field: 'cursor', message: 'cursor belongs to another sort order: start again without it' },
    ])
  })

  it('requires authentication', async () => {
    const answer = await list(stack, '')
    expect(answer.status).to.equal(401)
    expect(answer.body.code).to.equal(4010)
  })
})
