import { expect } from 'chai'
import * as fc from 'fast-check'
import { IDENTIFIER_MAX_LENGTH, Identifier } from '../../shared/codecs/identifier'

describe('Identifier (ids of reference data from other systems)', () => {
  it('allows up to 64 characters', () => {
    expect(IDENTIFIER_MAX_LENGTH).to.equal(64)
  })

  for (const id of ['clinic-123', '2058', 'a', 'x'.repeat(64), '!~', 'org_1.2:3/4', 'A@B#C$']) {
    it(`accepts ${JSON.stringify(id)}`, () => {
      expect(Identifier.is(id)).to.equal(true)
    })
  }

  for (const id of [
    '',
    'x'.repeat(65),
    ' clinic',
    'clinic ',
    'cli nic',
    'clinic\t',
    'clinic\n',
    'clïnic',
    'クリニック',
    '\u0000',
    '\u007f',
    123,
    null,
    undefined,
    ['clinic-1'],
  ]) {
    it(`refuses ${JSON.stringify(id) ?? 'undefined'}`, () => {
      expect(Identifier.is(id)).to.equal(false)
    })
  }

  it('accepts exactly strings of 1–64 printable ASCII characters (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary-ascii', maxLength: 80 }),
        (s) => Identifier.is(s) === (s.length >= 1 && s.length <= 64 && [...s].every((ch) => ch > ' ' && ch <= '~')),
      ),
    )
  })
})
