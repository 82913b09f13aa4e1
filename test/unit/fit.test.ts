import { expect } from 'chai'
import * as E from 'fp-ts/Either'
import { fit, type FitVerdict } from '../../shared/openings/fit'
import type { FitRuleCode } from '../../shared/openings/reasons'
import { fitRequest, openingAt } from '../support/matching-fixtures'

const failedCodes = (verdict: FitVerdict): ReadonlyArray<FitRuleCode> =>
  E.isLeft(verdict) ? verdict.left.map((reason) => reason.code) : []

const failure = (verdict: FitVerdict, code: FitRuleCode): string | undefined =>
  E.isLeft(verdict) ? verdict.left.find((reason) => reason.code === code)?.message : undefined

/** Instants written out in UTC by hand, so the zone arithmetic under test is not also the test's. */
const PARTS_OF_DAY: ReadonlyArray<{ zone: string; utc: string; local: string; part: string | null }> = [
  // 2026-03-08, America/New_York: clocks jump from 02:00 EST (UTC−5) to 03:00 EDT (UTC−4) at 07:00Z.
  { zone: 'America/New_York', utc: '2026-03-08T08:59:00Z', local: '04:59', part: null },
  { zone: 'America/New_York', utc: '2026-03-08T09:00:00Z', local: '05:00', part: 'MORNING' },
  { zone: 'America/New_York', utc: '2026-03-08T15:59:00Z', local: '11:59', part: 'MORNING' },
  { zone: 'America/New_York', utc: '2026-03-08T16:00:00Z', local: '12:00', part: 'AFTERNOON' },
  { zone: 'America/New_York', utc: '2026-03-08T20:59:00Z', local: '16:59', part: 'AFTERNOON' },
  { zone: 'America/New_York', utc: '2026-03-08T21:00:00Z', local: '17:00', part: 'EVENING' },
  { zone: 'America/New_York', utc: '2026-03-09T01:59:00Z', local: '21:59', part: 'EVENING' },
  { zone: 'America/New_York', utc: '2026-03-09T02:00:00Z', local: '22:00', part: null },
  // 2026-11-01, America/New_York: clocks fall back from 02:00 EDT to 01:00 EST (UTC−5) at 06:00Z.
  { zone: 'America/New_York', utc: '2026-11-01T09:59:00Z', local: '04:59', part: null },
  { zone: 'America/New_York', utc: '2026-11-01T10:00:00Z', local: '05:00', part: 'MORNING' },
  { zone: 'America/New_York', utc: '2026-11-01T16:59:00Z', local: '11:59', part: 'MORNING' },
  { zone: 'America/New_York', utc: '2026-11-01T17:00:00Z', local: '12:00', part: 'AFTERNOON' },
  { zone: 'America/New_York', utc: '2026-11-01T21:59:00Z', local: '16:59', part: 'AFTERNOON' },
  { zone: 'America/New_York', utc: '2026-11-01T22:00:00Z', local: '17:00', part: 'EVENING' },
  { zone: 'America/New_York', utc: '2026-11-02T02:59:00Z', local: '21:59', part: 'EVENING' },
  { zone: 'America/New_York', utc: '2026-11-02T03:00:00Z', local: '22:00', part: null },
  // 2026-04-05, Pacific/Auckland: clocks fall back from 03:00 NZDT (UTC+13) to 02:00 NZST (UTC+12) at 14:00Z the day before.
  { zone: 'Pacific/Auckland', utc: '2026-04-04T16:59:00Z', local: '04:59', part: null },
  { zone: 'Pacific/Auckland', utc: '2026-04-04T17:00:00Z', local: '05:00', part: 'MORNING' },
  // Pacific/Kiritimati is UTC+14: a UTC Monday afternoon is its Tuesday morning.
  { zone: 'Pacific/Kiritimati', utc: '2026-06-01T14:59:00Z', local: '04:59', part: null },
  { zone: 'Pacific/Kiritimati', utc: '2026-06-01T15:00:00Z', local: '05:00', part: 'MORNING' },
  { zone: 'Pacific/Kiritimati', utc: '2026-06-01T21:59:00Z', local: '11:59', part: 'MORNING' },
  { zone: 'Pacific/Kiritimati', utc: '2026-06-01T22:00:00Z', local: '12:00', part: 'AFTERNOON' },
]

const PARTS = ['MORNING', 'AFTERNOON', 'EVENING'] as const

describe('fit (docs/matching.md)', () => {
  it('answers every rule met, in the rules’ order, for a request and slot that fit', () => {
    const verdict = fit(fitRequest(), openingAt())
    expect(E.isRight(verdict) && verdict.right.map((reason) => reason.code)).to.deep.equal([
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

  it('answers every rule failed at once, each with its sentence', () => {
    const verdict = fit(
      fitRequest({
        status: 'CANCELLED',
        clinic_id: 'clinic-9',
        appointment_category_id: '2060',
        preferred_providers: ['provider-2', 'provider-1'],
        preferred_time_slots: ['EVENING', 'MORNING'],
        preferred_days: ['FRIDAY', 'MONDAY'],
        date_range_start: '2026-04-01',
        date_range_end: '2026-04-30',
      }),
      openingAt({
        start: '2026-03-10T18:30:00.000Z',
        appointment_category_ids: ['2058', '2059'],
        released_by_patient_id: 'patient-012',
      }),
    )
    expect(verdict).to.deep.equal(
      E.left([
        { code: 'STATUS', message: 'the request is CANCELLED, not ACTIVE' },
        { code: 'CLINIC', message: 'the request is for clinic-9; the slot is at clinic-123' },
        { code: 'RELEASED_BY_PATIENT', message: 'patient-012 released this slot and is not offered it back' },
        { code: 'CATEGORY', message: 'wants category 2060; the slot may be booked as 2058 or 2059' },
        { code: 'PROVIDER', message: 'prefers provider-1 or provider-2; the slot is with provider-789' },
        { code: 'DATE', message: 'wants 2026-04-01 to 2026-04-30; the slot is on 2026-03-10 in America/New_York' },
        { code: 'WEEKDAY', message: 'prefers MONDAY or FRIDAY; the slot is on TUESDAY in America/New_York' },
        { code: 'PART_OF_DAY', message: 'prefers MORNING or EVENING; the slot starts 14:30 in America/New_York' },
      ]),
    )
  })

  describe('status and clinic', () => {
    for (const status of ['FULFILLED', 'CANCELLED', 'EXPIRED']) {
      it(`refuses a ${status} request`, () => {
        expect(failedCodes(fit(fitRequest({ status }), openingAt()))).to.deep.equal(['STATUS'])
      })
    }

    it('refuses a request at another clinic', () => {
      expect(failedCodes(fit(fitRequest({ clinic_id: 'clinic-456' }), openingAt()))).to.deep.equal(['CLINIC'])
    })
  })

  describe('the patient who released the slot', () => {
    it('never offers a patient the slot they released', () => {
      const verdict = fit(fitRequest(), openingAt({ released_by_patient_id: 'patient-012' }))
      expect(failedCodes(verdict)).to.deep.equal(['RELEASED_BY_PATIENT'])
    })

    it('offers it to anyone else', () => {
      expect(E.isRight(fit(fitRequest(), openingAt({ released_by_patient_id: 'patient-999' })))).to.equal(true)
    })
  })

  describe('category', () => {
    it('fits when the request’s category is among the slot’s', () => {
      const verdict = fit(fitRequest(), openingAt({ appointment_category_ids: ['2059', '2058'] }))
      expect(E.isRight(verdict) && verdict.right[3]).to.deep.equal({
        code: 'CATEGORY',
        message: 'wants category 2058, one the slot may be booked as',
      })
    })

    it('does not fit a category the slot may not be booked as, even when it is short enough', () => {
      const verdict = fit(fitRequest({ appointment_duration: 30 }), openingAt({ appointment_category_ids: ['2059'] }))
      expect(failure(verdict, 'CATEGORY')).to.equal('wants category 2058; the slot may be booked as 2059')
    })

    it('without categories, fits a request as long as the slot and refuses one a minute longer', () => {
      expect(E.isRight(fit(fitRequest({ appointment_duration: 45 }), openingAt({ duration_minutes: 45 })))).to.equal(
        true,
      )
      const verdict = fit(fitRequest({ appointment_duration: 46 }), openingAt({ duration_minutes: 45 }))
      expect(verdict).to.deep.equal(E.left([{ code: 'CATEGORY', message: 'needs 46 minutes; the slot is 45 minutes' }]))
    })
  })

  describe('provider', () => {
    it('fits a request that takes any provider', () => {
      const verdict = fit(fitRequest(), openingAt())
      expect(E.isRight(verdict) && verdict.right[4]?.message).to.equal('takes any provider')
    })

    it('fits a request that names the slot’s provider among others', () => {
      const verdict = fit(fitRequest({ preferred_providers: ['provider-789', 'provider-1'] }), openingAt())
      expect(E.isRight(verdict) && verdict.right[4]?.message).to.equal(
        'prefers provider-1 or provider-789; the slot is with provider-789',
      )
    })

    it('refuses a request that names only other providers', () => {
      const verdict = fit(fitRequest({ preferred_providers: ['provider-1'] }), openingAt())
      expect(failedCodes(verdict)).to.deep.equal(['PROVIDER'])
    })
  })

  describe('date range, on the clinic’s calendar', () => {
    // 2026-03-08 begins at 05:00Z in New York (still EST) and 2026-03-20 ends at 04:00Z on the 21st (EDT).
    const range = { date_range_start: '2026-03-08', date_range_end: '2026-03-20' }
    const cases = [
      { utc: '2026-03-08T04:59:00.000Z', date: '2026-03-07', fits: false },
      { utc: '2026-03-08T05:00:00.000Z', date: '2026-03-08', fits: true },
      { utc: '2026-03-21T03:59:00.000Z', date: '2026-03-20', fits: true },
      { utc: '2026-03-21T04:00:00.000Z', date: '2026-03-21', fits: false },
    ]
    for (const { utc, date, fits } of cases) {
      it(`${fits ? 'fits' : 'refuses'} ${utc}, which is ${date} in New York`, () => {
        const verdict = fit(fitRequest(range), openingAt({ start: utc }))
        expect(failedCodes(verdict)).to.deep.equal(fits ? [] : ['DATE'])
        if (!fits) {
          expect(failure(verdict, 'DATE')).to.equal(
            `wants 2026-03-08 to 2026-03-20; the slot is on ${date} in America/New_York`,
          )
        }
      })
    }

    it('judges the date where the clinic is: one instant is two dates apart across the date line', () => {
      const instant = '2026-06-01T10:30:00.000Z'
      const oneDay = { date_range_start: '2026-06-02', date_range_end: '2026-06-02' }
      expect(failedCodes(fit(fitRequest(oneDay), openingAt({ start: instant, timezone: 'Pacific/Kiritimati' })))).to.be
        .empty
      expect(
        failure(fit(fitRequest(oneDay), openingAt({ start: instant, timezone: 'Pacific/Pago_Pago' })), 'DATE'),
      ).to.equal('wants 2026-06-02 to 2026-06-02; the slot is on 2026-05-31 in Pacific/Pago_Pago')
    })
  })

  describe('weekday, on the clinic’s calendar', () => {
    const cases = [
      { zone: 'America/New_York', utc: '2026-03-08T04:59:00.000Z', weekday: 'SATURDAY' },
      { zone: 'America/New_York', utc: '2026-03-08T05:00:00.000Z', weekday: 'SUNDAY' },
      { zone: 'America/New_York', utc: '2026-11-01T03:59:00.000Z', weekday: 'SATURDAY' },
      { zone: 'America/New_York', utc: '2026-11-01T04:00:00.000Z', weekday: 'SUNDAY' },
      { zone: 'Pacific/Kiritimati', utc: '2026-06-01T09:59:00.000Z', weekday: 'MONDAY' },
      { zone: 'Pacific/Kiritimati', utc: '2026-06-01T10:00:00.000Z', weekday: 'TUESDAY' },
      { zone: 'Pacific/Auckland', utc: '2026-04-04T10:59:00.000Z', weekday: 'SATURDAY' },
      { zone: 'Pacific/Auckland', utc: '2026-04-04T11:00:00.000Z', weekday: 'SUNDAY' },
    ]
    for (const { zone, utc, weekday } of cases) {
      it(`${utc} is a ${weekday} in ${zone}`, () => {
        const opening = openingAt({ start: utc, timezone: zone })
        const wide = { date_range_start: '2026-01-01', date_range_end: '2026-12-31' }
        expect(failedCodes(fit(fitRequest({ ...wide, preferred_days: [weekday] }), opening))).to.be.empty
        const other = weekday === 'SUNDAY' ? 'SATURDAY' : 'SUNDAY'
        expect(failure(fit(fitRequest({ ...wide, preferred_days: [other] }), opening), 'WEEKDAY')).to.equal(
          `prefers ${other}; the slot is on ${weekday} in ${zone}`,
        )
      })
    }
  })

  describe('part of day, on the clinic’s clock, across clock changes and the date line', () => {
    for (const { zone, utc, local, part } of PARTS_OF_DAY) {
      it(`${utc} starts ${local} in ${zone}: ${part ?? 'no part of the day'}`, () => {
        const opening = openingAt({ start: utc, timezone: zone })
        const request = (slots: ReadonlyArray<string>) =>
          fitRequest({ preferred_time_slots: slots, date_range_start: '2026-01-01', date_range_end: '2026-12-31' })
        for (const other of PARTS) {
          const verdict = fit(request([other]), opening)
          if (other === part) expect(failedCodes(verdict)).to.be.empty
          else expect(failure(verdict, 'PART_OF_DAY')).to.equal(`prefers ${other}; the slot starts ${local} in ${zone}`)
        }
        expect(failedCodes(fit(request(['ANYTIME']), opening))).to.be.empty
        expect(failedCodes(fit(request([]), opening))).to.be.empty
        expect(failedCodes(fit(request(['MORNING', 'ANYTIME']), opening))).to.be.empty
      })
    }

    it('judges both 01:30s of the night New York’s clocks fall back as night', () => {
      for (const utc of ['2026-11-01T05:30:00.000Z', '2026-11-01T06:30:00.000Z']) {
        const verdict = fit(fitRequest({ preferred_time_slots: PARTS }), openingAt({ start: utc }))
        expect(failure(verdict, 'PART_OF_DAY')).to.equal(
          'prefers MORNING, AFTERNOON or EVENING; the slot starts 01:30 in America/New_York',
        )
      }
    })
  })
})
