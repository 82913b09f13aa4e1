import { expect } from 'chai'
import * as E from 'fp-ts/Either'
import * as fc from 'fast-check'
import { Cursor, ListQuery, SORTS, positionOf } from '../../shared/waitlist-request/list-query'

const ID = '3f0c2a9e-4f1b-4c55-9d1e-7a0e5b6c8d90'
const item = { priority: 2, created_at: '2026-11-24T10:00:00.000Z', id: ID, date_range_end: '2026-12-01' }

/** A cursor as this service writes one, of any JSON at all. */
const cursorOf = (position: unknown): string => Buffer.from(JSON.stringify(position), 'utf8').toString('base64url')

describe('Cursor: decoded strictly, or refused', () => {
  for (const sort of SORTS) {
    it(`round-trips a ${sort} cursor`, () => {
      const position = positionOf(sort, item as never)
      expect(Cursor.decode(Cursor.encode(position))).to.deep.equal(E.right(position))
    })
  }

  const forged: ReadonlyArray<[string, string]> = [
    ['a year-0000 created_at', cursorOf({ sort: 'waitlist', key: [2, '0000-01-01T00:00:00.000Z', ID] })],
    [
      'a created_at in year 10000 once in UTC',
      cursorOf({ sort: 'created_at', key: ['9999-12-31T23:59:59-23:59', ID] }),
    ],
    ['a year-0000 date', cursorOf({ sort: 'date_range_end', key: ['0000-01-01', ID] })],
    ['a date of five digits', cursorOf({ sort: '-date_range_end', key: ['10000-01-01', ID] })],
    [
      'a created_at with an offset (not as issued)',
      cursorOf({ sort: '-created_at', key: ['2026-11-24T05:00:00-05:00', ID] }),
    ],
    ['a created_at of 24:00', cursorOf({ sort: 'created_at', key: ['2026-11-24T24:00:00.000Z', ID] })],
    ['an extra member', cursorOf({ sort: 'created_at', key: ['2026-11-24T10:00:00.000Z', ID], admin: true })],
    ['an extra key value', cursorOf({ sort: 'created_at', key: ['2026-11-24T10:00:00.000Z', ID, 1] })],
    ['members in another order', cursorOf({ key: ['2026-11-24T10:00:00.000Z', ID], sort: 'created_at' })],
    ['a priority of 9', cursorOf({ sort: 'waitlist', key: [9, '2026-11-24T10:00:00.000Z', ID] })],
    ['an id that is not a UUID', cursorOf({ sort: 'created_at', key: ['2026-11-24T10:00:00.000Z', "' OR 1=1"] })],
    ['base64 padding', `${cursorOf({ sort: 'created_at', key: ['2026-11-24T10:00:00.000Z', ID] })}==`],
    ['characters outside base64url', Cursor.encode(positionOf('created_at', item as never)).replace(/^./, '+')],
    ['a character Node would skip', `${Cursor.encode(positionOf('created_at', item as never))}!`],
    ['whitespace', ` ${Cursor.encode(positionOf('created_at', item as never))}`],
    ['JSON that is not a position', cursorOf(['created_at'])],
    ['no JSON at all', Buffer.from('not json').toString('base64url')],
    ['nothing', ''],
    ['a long one', 'A'.repeat(513)],
  ]
  for (const [what, cursor] of forged) {
    it(`refuses a cursor with ${what}`, () => {
      expect(E.isLeft(Cursor.decode(cursor))).to.equal(true)
    })
  }

  it('refuses every altered issued cursor, or decodes it to a position that encodes back to it (property)', () => {
    const issued = Cursor.encode(positionOf('waitlist', item as never))
    fc.assert(
      fc.property(fc.nat({ max: issued.length - 1 }), fc.string({ minLength: 1, maxLength: 2 }), (at, text) => {
        const altered = `${issued.slice(0, at)}${text}${issued.slice(at + 1)}`
        const result = Cursor.decode(altered)
        return E.isLeft(result) || Cursor.encode(result.right) === altered
      }),
    )
  })

  it("names the cursor in the list query's refusal", () => {
    const query = ListQuery.decode({ cursor: cursorOf({ sort: 'waitlist', key: [2, '0000-01-01T00:00:00.000Z', ID] }) })
    expect(E.isLeft(query) && query.left.map((error) => error.message)).to.deep.equal([
      'cursor is not one this service issued: start again without it',
    ])
  })

  it('refuses available_on in year 0000', () => {
    const query = ListQuery.decode({ available_on: '0000-01-01' })
    expect(E.isLeft(query) && query.left.map((error) => error.message)).to.deep.equal([
      'available_on must be a real date in YYYY-MM-DD format',
    ])
  })
})
