import { expect } from 'chai'
import * as E from 'fp-ts/Either'
import * as fc from 'fast-check'
import { Timestamp } from '../../shared/codecs/timestamp'

const decoded = (input: unknown) => Timestamp.decode(input)

describe('Timestamp: RFC 3339 with an offset, in the years PostgreSQL holds', () => {
  for (const [input, utc] of [
    ['2026-12-01T09:30:00-05:00', '2026-12-01T14:30:00.000Z'],
    ['2026-12-01T09:30:00Z', '2026-12-01T09:30:00.000Z'],
    ['2026-12-01t09:30:00z', '2026-12-01T09:30:00.000Z'],
    ['2026-12-01T09:30-05:00', '2026-12-01T14:30:00.000Z'],
    ['2026-12-01T09:30:00.123456789+05:30', '2026-12-01T04:00:00.123Z'],
    ['2026-12-01T00:00:00+23:59', '2026-11-30T00:01:00.000Z'],
    ['2026-12-01T23:59:59-23:59', '2026-12-02T23:58:59.000Z'],
    ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z'],
    ['0001-01-01T00:00:00-01:00', '0001-01-01T01:00:00.000Z'],
    ['9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
    ['9999-12-31T23:59:59+01:00', '9999-12-31T22:59:59.000Z'],
    ['2028-02-29T12:00:00Z', '2028-02-29T12:00:00.000Z'],
  ] as const) {
    it(`accepts ${input} as ${utc}`, () => {
      expect(decoded(input)).to.deep.equal(E.right(utc))
      expect(Timestamp.is(utc)).to.equal(true)
    })
  }

  for (const input of [
    // years PostgreSQL cannot hold, as written or once in UTC
    '0000-01-01T00:00:00Z',
    '0000-12-31T23:59:59-05:00',
    '0001-01-01T00:00:00+01:00',
    '9999-12-31T23:59:59-23:59',
    '9999-12-31T23:30:00-01:00',
    '10000-01-01T00:00:00Z',
    '+002026-12-01T09:30:00Z',
    // out of RFC 3339's ranges
    '2026-12-01T24:00:00Z',
    '2026-12-01T24:00:00-05:00',
    '2026-12-01T09:60:00Z',
    '2026-12-01T09:30:60Z',
    '2026-12-01T09:30:00+24:00',
    '2026-12-01T09:30:00-24:00',
    '2026-12-01T09:30:00+23:60',
    '2026-12-01T09:30:00+99:00',
    '2026-02-30T09:30:00Z',
    '2026-13-01T09:30:00Z',
    // not RFC 3339 with an offset
    '2026-12-01T09:30:00',
    '2026-12-01',
    '2026-12-01 09:30:00Z',
    '2026-12-01T09:30:00+0500',
    '2026-12-01T09:30:00.1234567890Z',
    ' 2026-12-01T09:30:00Z',
    '',
    1764581400000,
    null,
  ]) {
    it(`refuses ${JSON.stringify(input)}`, () => {
      expect(E.isLeft(decoded(input))).to.equal(true)
    })
  }

  it('takes only its own UTC form as already decoded', () => {
    expect(Timestamp.is('2026-12-01T09:30:00.000Z')).to.equal(true)
    expect(Timestamp.is('2026-12-01T09:30:00Z')).to.equal(false)
    expect(Timestamp.is('2026-12-01T09:30:00.000-05:00')).to.equal(false)
  })

  it('decodes any instant of years 0001–9999 written with any offset to a four-digit UTC year (property)', () => {
    const offsets = fc.tuple(
      fc.constantFrom('+', '-'),
      fc.integer({ min: 0, max: 23 }),
      fc.integer({ min: 0, max: 59 }),
    )
    const pad = (n: number, width = 2) => String(n).padStart(width, '0')
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('0001-01-01T00:00:00Z'),
          max: new Date('9999-12-31T23:59:59.999Z'),
          noInvalidDate: true,
        }),
        offsets,
        (instant, [sign, hours, minutes]) => {
          const shift = (sign === '+' ? 1 : -1) * (hours * 60 + minutes) * 60_000
          const local = new Date(instant.getTime() + shift).toISOString().replace(/Z$/, '')
          const written = `${local}${sign}${pad(hours)}:${pad(minutes)}`
          const result = decoded(written)
          const inRange = /^\d{4}-/.test(local) && !local.startsWith('0000')
          if (!inRange) return E.isLeft(result)
          return E.isRight(result) && result.right === instant.toISOString()
        },
      ),
    )
  })

  it('never decodes to a year PostgreSQL cannot read (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789-+:.TZ'), maxLength: 40 }), (s) => {
        const result = decoded(s)
        return E.isLeft(result) || /^(?!0000)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(result.right)
      }),
    )
  })

  describe('its own UTC form, read back without luxon', () => {
    for (const input of ['0001-01-01T00:00:00.000Z', '2024-02-29T10:00:00.000Z', '9999-12-31T23:59:59.999Z'])
      it(`takes ${input} as it is`, () => {
        expect(decoded(input)).to.deep.equal(E.right(input))
      })

    for (const input of [
      '2026-02-30T00:00:00.000Z',
      '2023-02-29T10:00:00.000Z',
      '2026-13-01T00:00:00.000Z',
      '2026-01-01T24:00:00.000Z',
      '2026-12-31T23:59:60.000Z',
      '2026-12-31T23:60:00.000Z',
      '0000-12-31T23:59:59.999Z',
    ])
      it(`refuses ${input}, as in any other spelling`, () => {
        expect(E.isLeft(decoded(input))).to.equal(true)
        expect(E.isLeft(decoded(input.replace('Z', '+00:00')))).to.equal(true)
      })

    it('agrees with the full rule on every instant in canonical form (property)', () => {
      fc.assert(
        fc.property(
          fc.date({
            min: new Date('0001-01-01T00:00:00.000Z'),
            max: new Date('9999-12-31T23:59:59.999Z'),
            noInvalidDate: true,
          }),
          (date) => {
            const canonical = date.toISOString()
            const slow = decoded(canonical.replace('Z', '+00:00'))
            return E.isRight(decoded(canonical)) && E.isRight(slow) && slow.right === canonical
          },
        ),
      )
    })
  })
})
