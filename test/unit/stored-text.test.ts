import { expect } from 'chai'
import * as E from 'fp-ts/Either'
import * as fc from 'fast-check'
import type * as t from 'io-ts'
import { Subject } from '../../shared/auth/actor'
import { Identifier } from '../../shared/codecs/identifier'
import { StoredText, storedText } from '../../shared/codecs/stored-text'
import { TimeZone } from '../../shared/codecs/time-zone'
import { CancelWaitlistRequest } from '../../shared/waitlist-request/end-request'
import { CategoryLabel, Notes } from '../../shared/waitlist-request/free-text'

/** What PostgreSQL can hold, judged without the codec's own pattern: no NUL, and UTF-8 gives back the very string. */
const storable = (s: string): boolean => !s.includes('\u0000') && Buffer.from(s, 'utf8').toString('utf8') === s

/** Strings of every kind of UTF-16 unit, lone surrogates and NUL made common rather than left to chance. */
const anyUtf16 = fc.string({
  unit: fc.oneof(
    fc.constantFrom('\u0000', '\ud800', '\udbff', '\udc00', '\udfff', '\ud83d\ude00'),
    fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 40,
})

interface ProbeBrand {
  readonly Probe: unique symbol
}
const Probe = storedText<ProbeBrand, 'Probe'>('Probe', { maxLength: 3, nonBlank: true })

describe('StoredText: the one codec for text PostgreSQL must hold', () => {
  for (const s of [
    '',
    'plain',
    'Café – naïve ✓ 日本語',
    '👩‍⚕️ 🦵',
    '\ud83d\ude00',
    'tab\tand\nnewline',
    '\u0001\u007f',
  ]) {
    it(`accepts ${JSON.stringify(s)}`, () => {
      expect(StoredText.is(s)).to.equal(true)
    })
  }

  for (const s of [
    '\u0000',
    'a\u0000b',
    'a\ud800b',
    '\ud800',
    '\udfff',
    'x\udc00',
    '\ude00\ud83d',
    '\ud83d\ud83d\ude00',
  ]) {
    it(`refuses ${JSON.stringify(s)}: NUL or an unpaired surrogate`, () => {
      expect(StoredText.is(s)).to.equal(false)
    })
  }

  for (const value of [42, null, undefined, ['a'], { a: 1 }]) {
    it(`refuses ${JSON.stringify(value) ?? 'undefined'}, which is not a string`, () => {
      expect(StoredText.is(value)).to.equal(false)
    })
  }

  it('accepts exactly the strings PostgreSQL can hold (property)', () => {
    fc.assert(fc.property(anyUtf16, (s) => StoredText.is(s) === storable(s)))
  })

  const textCodecs: ReadonlyArray<[string, t.Decoder<unknown, unknown>]> = [
    ['StoredText', StoredText],
    ['Notes', Notes],
    ['CategoryLabel', CategoryLabel],
    ['Identifier', Identifier],
    ['Subject', Subject],
    ['TimeZone', TimeZone],
    ['a storedText field', Probe],
  ]
  for (const [name, codec] of textCodecs) {
    it(`${name}: any string it accepts has no NUL and no unpaired surrogate (property)`, () => {
      fc.assert(fc.property(anyUtf16, (s) => E.isLeft(codec.decode(s)) || storable(s)))
    })
  }

  it('a cancel reason it accepts has no NUL and no unpaired surrogate (property)', () => {
    fc.assert(fc.property(anyUtf16, (reason) => E.isLeft(CancelWaitlistRequest.decode({ reason })) || storable(reason)))
  })

  describe('storedText fields', () => {
    it('count characters as code points, as char_length does', () => {
      expect(Probe.is('😀😀😀')).to.equal(true)
      expect(Probe.is('😀😀😀😀')).to.equal(false)
    })

    it('refuse blank text when asked to', () => {
      expect(Probe.is('  ')).to.equal(false)
      expect(Probe.is(' a ')).to.equal(true)
    })

    it('judge storability before their own rule', () => {
      expect(Probe.is('a\u0000')).to.equal(false)
      expect(Probe.is('\ud800')).to.equal(false)
    })
  })
})
