import { expect } from 'chai'
import * as fc from 'fast-check'
import { DateTime } from 'luxon'
import { IsoDate, dateInZone, daysBetween } from '../../shared/codecs/iso-date'

const date = (s: string): IsoDate => {
  if (!IsoDate.is(s)) throw new Error(`test fixture is not an IsoDate: ${s}`)
  return s
}

const anyDate = fc.date({
  min: new Date('1900-01-01T00:00:00Z'),
  max: new Date('2199-12-31T23:59:59Z'),
  noInvalidDate: true,
})
const anyIsoDate = anyDate.map((d) => date(d.toISOString().slice(0, 10)))

describe('IsoDate, daysBetween, dateInZone', () => {
  describe('IsoDate', () => {
    for (const s of [
      '2026-05-15',
      '2026-01-01',
      '2026-12-31',
      '2028-02-29',
      '2000-02-29',
      '1999-12-31',
      '9999-12-31',
      '0001-01-01',
      '0004-02-29',
    ]) {
      it(`accepts the real date ${s}`, () => {
        expect(IsoDate.is(s)).to.equal(true)
      })
    }

    const refused: ReadonlyArray<unknown> = [
      // PostgreSQL has no year 0 and nothing of five digits is written YYYY.
      '0000-01-01',
      '0000-12-31',
      '10000-01-01',
      '-0001-01-01',
      '+2026-01-01',
      '2026-02-30',
      '2026-02-29',
      '1900-02-29',
      '2026-04-31',
      '2026-13-01',
      '2026-00-01',
      '2026-01-00',
      '2026-01-32',
      '2026-2-3',
      '2026-02-3',
      '26-02-03',
      '2026/02/03',
      '20260203',
      '2026-W20-5',
      '2026-135',
      '2026-05-15T00:00:00Z',
      '2026-05-15T00:00:00',
      '2026-05-15 ',
      ' 2026-05-15',
      '2026-05-15\n',
      '２０２６-05-15',
      '',
      20260515,
      new Date('2026-05-15T00:00:00Z'),
      null,
      undefined,
    ]
    for (const value of refused) {
      it(`refuses ${JSON.stringify(value) ?? String(value)}`, () => {
        expect(IsoDate.is(value)).to.equal(false)
      })
    }

    it('accepts every calendar date written YYYY-MM-DD (property)', () => {
      fc.assert(fc.property(anyDate, (d) => IsoDate.is(d.toISOString().slice(0, 10))))
    })
  })

  describe('daysBetween', () => {
    const cases: ReadonlyArray<[string, string, number]> = [
      ['2026-05-15', '2026-05-15', 0],
      ['2026-05-15', '2026-05-16', 1],
      ['2026-05-15', '2026-06-14', 30],
      ['2026-05-15', '2026-06-15', 31],
      ['2026-06-15', '2026-05-15', -31],
      ['2028-02-28', '2028-03-01', 2],
      ['2026-02-28', '2026-03-01', 1],
      ['2026-03-07', '2026-03-09', 2],
      ['2026-10-24', '2026-10-26', 2],
      ['2026-12-31', '2027-01-01', 1],
      ['2026-01-01', '2027-01-01', 365],
      ['2028-01-01', '2029-01-01', 366],
    ]
    for (const [from, to, days] of cases) {
      it(`counts ${days} whole days from ${from} to ${to}`, () => {
        expect(daysBetween(date(from), date(to))).to.equal(days)
      })
    }

    it('is a whole number, antisymmetric, and matches UTC midnight arithmetic (property)', () => {
      fc.assert(
        fc.property(anyIsoDate, anyIsoDate, (a, b) => {
          const days = daysBetween(a, b)
          const expected = (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000
          return Number.isInteger(days) && days === expected && daysBetween(b, a) === -days
        }),
      )
    })
  })

  describe('dateInZone', () => {
    // 12:30 UTC on 14 May 2026: past midnight west of the date line's far side, still morning east of it.
    const instant = new Date('2026-05-14T12:30:00Z')
    const cases: ReadonlyArray<[string, string]> = [
      ['UTC', '2026-05-14'],
      ['America/Los_Angeles', '2026-05-14'],
      ['Pacific/Pago_Pago', '2026-05-14'],
      ['Pacific/Auckland', '2026-05-15'],
      ['Pacific/Kiritimati', '2026-05-15'],
      ['Asia/Kolkata', '2026-05-14'],
    ]
    for (const [zone, expected] of cases) {
      it(`gives ${expected} in ${zone} at ${instant.toISOString()}`, () => {
        expect(dateInZone(instant, zone)).to.equal(expected)
      })
    }

    it('turns over at local midnight, not at UTC midnight', () => {
      expect(dateInZone(new Date('2026-05-14T11:59:59Z'), 'Pacific/Auckland')).to.equal('2026-05-14')
      expect(dateInZone(new Date('2026-05-14T12:00:00Z'), 'Pacific/Auckland')).to.equal('2026-05-15')
      expect(dateInZone(new Date('2026-05-15T06:59:59Z'), 'America/Los_Angeles')).to.equal('2026-05-14')
      expect(dateInZone(new Date('2026-05-15T07:00:00Z'), 'America/Los_Angeles')).to.equal('2026-05-15')
    })

    it('gives the same instant two different dates on either side of the date line', () => {
      const at = new Date('2026-01-01T10:30:00Z')
      expect(dateInZone(at, 'Pacific/Kiritimati')).to.equal('2026-01-02')
      expect(dateInZone(at, 'Pacific/Pago_Pago')).to.equal('2025-12-31')
    })

    /** The date as luxon gives it afresh, to hold the remembered day to. */
    const converted = (at: Date, zone: string) => DateTime.fromJSDate(at, { zone }).toISODate()

    it('agrees with a fresh conversion for runs of nearby instants in one zone, however the day was remembered (property)', () => {
      fc.assert(
        fc.property(
          anyDate,
          fc.array(fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 }), { minLength: 1, maxLength: 40 }),
          fc.constantFrom(
            'America/New_York',
            'Europe/London',
            'Australia/Lord_Howe',
            'Pacific/Apia',
            'America/Santiago',
            'Asia/Kathmandu',
            'Pacific/Kiritimati',
          ),
          (start, steps, zone) =>
            steps.every((step) => {
              const at = new Date(start.getTime() + step)
              return dateInZone(at, zone) === converted(at, zone)
            }),
        ),
      )
    })

    it('turns over exactly at local midnight across daylight-saving changes and a skipped day', () => {
      const around = (iso: string, zone: string) => {
        const at = new Date(iso).getTime()
        for (const offset of [-3_600_001, -1, 0, 1, 3_600_000, 86_399_999, 86_400_000]) {
          const instant = new Date(at + offset)
          expect(dateInZone(instant, zone), `${instant.toISOString()} in ${zone}`).to.equal(converted(instant, zone))
        }
      }
      around('2026-03-08T05:00:00Z', 'America/New_York') // the 23-hour day
      around('2026-11-01T04:00:00Z', 'America/New_York') // the 25-hour day
      around('2026-09-06T04:00:00Z', 'America/Santiago') // clocks jump at midnight: the day starts at 01:00
      around('2011-12-29T10:00:00Z', 'Pacific/Apia') // 30 December 2011 never happened there
    })

    it('always gives an IsoDate within a day of the UTC date (property)', () => {
      fc.assert(
        fc.property(
          anyDate,
          fc.constantFrom(
            'UTC',
            'America/Los_Angeles',
            'Pacific/Auckland',
            'Pacific/Kiritimati',
            'Pacific/Pago_Pago',
            'Asia/Kathmandu',
          ),
          (at, zone) => {
            const local = dateInZone(at, zone)
            const utc = date(at.toISOString().slice(0, 10))
            return IsoDate.is(local) && Math.abs(daysBetween(utc, local)) <= 1
          },
        ),
      )
    })
  })
})
