import { expect } from 'chai'
import { call, startStack, type ApiAnswer, type TestStack } from '../support/stack'
import { staffToken } from '../support/tokens'
import { OPENINGS_PATH, dayAhead, localAt, opened } from '../support/openings'

describe('GET /apis/v1/openings: the organization’s openings, soonest first, in keyset pages', () => {
  let stack: TestStack
  const staff = staffToken('org-a')
  before(async () => {
    stack = await startStack()
  })
  after(async () => {
    await stack?.stop()
  })

  const list = (query: string, token = staff) => call(stack, 'GET', `${OPENINGS_PATH}${query}`, { token })

  it('pages through a clinic’s OPEN openings by start, then id, with a cursor, and filters by status', async () => {
    const starts = [5, 2, 9, 2, 7].map((days, index) =>
      localAt('clinic-a3', dayAhead('clinic-a3', days), index === 3 ? '08:00' : '10:00'),
    )
    const made: Array<ApiAnswer['body']> = []
    for (const start of starts)
      made.push(await opened(stack, staff, { clinic_id: 'clinic-a3', provider_id: 'prov-a2', start }))
    const withdrawn = made[4]!
    expect(
      (await call(stack, 'POST', `${OPENINGS_PATH}/${withdrawn['id']}/withdraw`, { token: staff })).status,
    ).to.equal(200)

    const expected = made
      .filter((opening) => opening !== withdrawn)
      .sort((a, b) => a['start'].localeCompare(b['start']) || a['id'].localeCompare(b['id']))
      .map((opening) => opening['id'])
    const first = await list('?clinic_id=clinic-a3&limit=3')
    expect(first.status, first.text).to.equal(200)
    expect(first.body.data.items.map((item: { id: string }) => item.id)).to.deep.equal(expected.slice(0, 3))
    const second = await list(`?clinic_id=clinic-a3&limit=3&cursor=${first.body.data.next_cursor}`)
    expect(second.body.data.items.map((item: { id: string }) => item.id)).to.deep.equal(expected.slice(3))
    expect(second.body.data.next_cursor).to.equal(null)

    const gone = await list('?clinic_id=clinic-a3&status=WITHDRAWN')
    expect(gone.body.data.items.map((item: { id: string }) => item.id)).to.deep.equal([withdrawn['id']])
  })

  it('lists only the caller’s organization, and refuses another’s clinic as unknown', async () => {
    const theirs = await opened(stack, staffToken('org-b'), { clinic_id: 'clinic-b1', provider_id: 'prov-b1' })
    const ours = await list('?limit=100')
    expect(ours.body.data.items.map((item: { id: string }) => item.id)).not.to.include(theirs['id'])
    const answer = await list('?clinic_id=clinic-b1')
    expect(answer.status).to.equal(400)
    expect(answer.body.errors).to.deep.equal([
      { field: 'clinic_id', message: 'clinic_id does not name a known clinic' },
    ])
  })

  it('refuses every bad parameter at once', async () => {
    const answer = await list('?status=CLOSED&limit=0&cursor=abc')
    expect(answer.status).to.equal(400)
    expect(answer.body.errors).to.deep.equal([
      { field: 'status', message: 'status must be one of OPEN, FILLED, WITHDRAWN, EXPIRED' },
      { field: 'limit', message: 'limit must be an integer from 1 to 100' },
      { field: 'cursor', message: 'cursor is not one this service issued: start again without it' },
    ])
  })
})
