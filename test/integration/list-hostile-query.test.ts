import { expect } from 'chai'
import { startStack, type ApiAnswer, type TestStack } from '../support/stack'
import { patientToken, staffToken } from '../support/tokens'
import { filed, list } from '../support/lifecycle'

const ID = '3f0c2a9e-4f1b-4c55-9d1e-7a0e5b6c8d90'
const CURSOR_REFUSED = 'cursor is not one this service issued: start again without it'
const FILTERS = [
  'clinic_id',
  'patient_id',
  'status',
  'priority',
  'provider_id',
  'appointment_category_id',
  'available_on',
  'sort',
  'limit',
  'cursor',
]

/** A cursor as the service writes one, around any JSON. */
const cursorOf = (position: unknown): string => Buffer.from(JSON.stringify(position), 'utf8').toString('base64url')

/** Values a hostile or careless client sends, already written for a URL: extreme dates and instants among them. */
const HOSTILE_VALUES = [
  '0000-01-01',
  '0000-12-31',
  '10000-01-01',
  '-0001-01-01',
  '9999-12-31T23:59:59-23:59',
  '0001-01-01T00:00:00%2B01:00',
  '2026-12-01T24:00:00Z',
  '%00',
  'a%00b',
  '%ED%A0%80',
  '%FF%FE',
  '%27%20OR%201%3D1%20--',
  'x'.repeat(2000),
  '',
  cursorOf({ sort: 'waitlist', key: [1, '0000-01-01T00:00:00.000Z', ID] }),
]

const FORGED_CURSORS: ReadonlyArray<[string, string]> = [
  ['a year-0000 created_at', cursorOf({ sort: 'waitlist', key: [1, '0000-01-01T00:00:00.000Z', ID] })],
  ['a created_at in year 10000 in UTC', cursorOf({ sort: 'created_at', key: ['9999-12-31T23:59:59-23:59', ID] })],
  ['a descending year-0000 created_at', cursorOf({ sort: '-created_at', key: ['0000-06-15T12:00:00.000Z', ID] })],
  ['a year-0000 end date', cursorOf({ sort: 'date_range_end', key: ['0000-01-01', ID] })],
  ['a descending year-0000 end date', cursorOf({ sort: '-date_range_end', key: ['0000-02-29', ID] })],
  ['an end date of five digits', cursorOf({ sort: 'date_range_end', key: ['10000-01-01', ID] })],
  ['a 24:00 created_at', cursorOf({ sort: 'created_at', key: ['2026-12-01T24:00:00.000Z', ID] })],
  ['an extra member', cursorOf({ sort: 'created_at', key: ['2026-12-01T10:00:00.000Z', ID], where: '1=1' })],
  ['base64 padding', `${cursorOf({ sort: 'created_at', key: ['2026-12-01T10:00:00.000Z', ID] })}==`],
  ['standard base64 characters', Buffer.from(JSON.stringify({ sort: 'waitlist', key: [1] })).toString('base64')],
  ['a character outside base64url', `${cursorOf({ sort: 'created_at', key: ['2026-12-01T10:00:00.000Z', ID] })}.`],
]

/** The sort a forged cursor claims, so it is refused for what it holds, not for a sort mismatch. */
const sortOf = (cursor: string): string => {
  try {
    const sort = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))?.sort
    return typeof sort === 'string' ? sort : 'waitlist'
  } catch {
    return 'waitlist'
  }
}

const expectNo500 = (answer: ApiAnswer, query: string): void => {
  expect(answer.status, `${query}: ${answer.text}`).to.be.oneOf([200, 400])
  expect(answer.headers.get('content-type'), query).to.match(/^application\/json/)
  expect(answer.body.code, query).to.equal(answer.status * 10)
}

describe('GET /apis/v1/waitlist-requests with forged cursors and extreme dates: 400s, never a 500', () => {
  let stack: TestStack
  const staff = staffToken('org-a', 'STAFF')
  before(async () => {
    stack = await startStack()
    await filed(stack, staff, {}, '?patient_id=pat-a1')
    await filed(stack, staff, { priority: 1 }, '?patient_id=pat-a2')
  })
  after(async () => {
    await stack?.stop()
  })

  for (const filter of FILTERS) {
    it(`answers every hostile ${filter} with 200 or 400 in the envelope`, async () => {
      for (const token of [staff, patientToken('pat-a1')]) {
        for (const value of HOSTILE_VALUES) {
          const query = `?${filter}=${value}`
          expectNo500(await list(stack, token, query), query)
        }
      }
    })
  }

  it('refuses available_on in year 0000, or not written YYYY-MM-DD, naming it', async () => {
    for (const value of ['0000-01-01', '0000-12-31', '10000-01-01', '-0001-01-01', '9999-12-31T23:59:59-23:59']) {
      const answer = await list(stack, staff, `?available_on=${value}`)
      expect(answer.status, answer.text).to.equal(400)
      expect(answer.body.errors).to.deep.equal([
        { field: 'available_on', message: 'available_on must be a real date in YYYY-MM-DD format' },
      ])
    }
  })

  it('answers the first and last dates PostgreSQL is given with a page', async () => {
    for (const value of ['0001-01-01', '9999-12-31']) {
      const answer = await list(stack, staff, `?available_on=${value}`)
      expect(answer.status, answer.text).to.equal(200)
      expect(answer.body.data).to.deep.equal({ items: [], next_cursor: null })
    }
  })

  for (const [what, cursor] of FORGED_CURSORS) {
    it(`refuses a cursor with ${what}, beside every other filter, with 400 naming cursor`, async () => {
      const filters =
        'clinic_id=clinic-a1&status=ACTIVE&priority=1&provider_id=prov-a1&appointment_category_id=cat-eval'
      for (const token of [staff, patientToken('pat-a1')]) {
        for (const query of [
          `?sort=${sortOf(cursor)}&cursor=${encodeURIComponent(cursor)}`,
          `?sort=${sortOf(cursor)}&${filters}&available_on=2026-12-01&limit=1&cursor=${encodeURIComponent(cursor)}`,
        ]) {
          const answer = await list(stack, token, query)
          expect(answer.status, answer.text).to.equal(400)
          expect(answer.body.errors).to.deep.include({ field: 'cursor', message: CURSOR_REFUSED })
        }
      }
    })
  }

  it('pages past the first and last keys PostgreSQL holds: an empty page, not an error', async () => {
    for (const [sort, key] of [
      ['waitlist', [5, '9999-12-31T23:59:59.999Z', ID]],
      ['created_at', ['9999-12-31T23:59:59.999Z', ID]],
      ['-created_at', ['0001-01-01T00:00:00.000Z', ID]],
      ['date_range_end', ['9999-12-31', ID]],
      ['-date_range_end', ['0001-01-01', ID]],
    ] as const) {
      const answer = await list(stack, staff, `?sort=${sort}&cursor=${cursorOf({ sort, key })}`)
      expect(answer.status, answer.text).to.equal(200)
      expect(answer.body.data).to.deep.equal({ items: [], next_cursor: null })
    }
  })
})
