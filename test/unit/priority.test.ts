import { inspect } from 'node:util'
import { expect } from 'chai'
import * as E from 'fp-ts/Either'
import * as fc from 'fast-check'
import { DEFAULT_PRIORITY, Priority } from '../../shared/codecs/priority'
import { refusals } from '../support/refusals'

describe('Priority (urgency 1–5, 1 the most urgent)', () => {
  for (const n of [1, 2, 3, 4, 5]) {
    it(`accepts ${n}`, () => {
      expect(Priority.decode(n)).to.deep.equal(E.right(n))
    })
  }

  for (const value of [
    0,
    6,
    -1,
    2.5,
    1.5,
    4.999,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    '2',
    '3',
    '',
    true,
    null,
    undefined,
    [3],
    { value: 3 },
  ]) {
    it(`refuses ${inspect(value)} (${typeof value})`, () => {
      expect(Priority.is(value)).to.equal(false)
      expect(refusals(Priority.decode(value))).to.deep.equal([{ key: '', codec: 'Priority' }])
    })
  }

  it('defaults to 3', () => {
    expect(DEFAULT_PRIORITY).to.equal(3)
    expect(Priority.is(DEFAULT_PRIORITY)).to.equal(true)
  })

  it('accepts exactly the integers 1 to 5 (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer(), fc.double()),
        (n) => Priority.is(n) === (Number.isInteger(n) && n >= 1 && n <= 5),
      ),
    )
  })
})
