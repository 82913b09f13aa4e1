import { expect } from 'chai'
import { DateTime } from 'luxon'
import { startOutsideQuietHours } from '../../shared/offers/quiet-hours'

const NEW_YORK = 'America/New_York'
const evening = { start: '20:00', end: '08:00' }

/** A wall-clock time in New York as an instant; an ISO offset picks one side of a repeated hour. */
const local = (iso: string) => DateTime.fromISO(iso, { zone: NEW_YORK, setZone: true }).toMillis()
const utc = (iso: string) => Date.parse(iso)

describe('startOutsideQuietHours (docs/offer-policy.md, "Quiet hours")', () => {
  it('starts at once outside quiet hours and whenever they are null', () => {
    expect(startOutsideQuietHours(local('2026-06-10T19:59'), evening, NEW_YORK)).to.equal(local('2026-06-10T19:59'))
    expect(startOutsideQuietHours(local('2026-06-10T08:00'), evening, NEW_YORK)).to.equal(local('2026-06-10T08:00'))
    expect(startOutsideQuietHours(local('2026-06-10T23:00'), null, NEW_YORK)).to.equal(local('2026-06-10T23:00'))
  })

  it('moves a round due in the evening to the next morning, across midnight', () => {
    expect(startOutsideQuietHours(local('2026-06-10T20:00'), evening, NEW_YORK)).to.equal(local('2026-06-11T08:00'))
    expect(startOutsideQuietHours(local('2026-06-10T23:59'), evening, NEW_YORK)).to.equal(local('2026-06-11T08:00'))
  })

  it('moves a round due after midnight to the same morning', () => {
    expect(startOutsideQuietHours(local('2026-06-11T00:00'), evening, NEW_YORK)).to.equal(local('2026-06-11T08:00'))
    expect(startOutsideQuietHours(local('2026-06-11T07:59:59.999'), evening, NEW_YORK)).to.equal(
      local('2026-06-11T08:00'),
    )
  })

  it('handles a window within one day', () => {
    const lunch = { start: '12:00', end: '13:30' }
    expect(startOutsideQuietHours(local('2026-06-10T12:45'), lunch, NEW_YORK)).to.equal(local('2026-06-10T13:30'))
    expect(startOutsideQuietHours(local('2026-06-10T11:59'), lunch, NEW_YORK)).to.equal(local('2026-06-10T11:59'))
    expect(startOutsideQuietHours(local('2026-06-10T13:30'), lunch, NEW_YORK)).to.equal(local('2026-06-10T13:30'))
  })

  it('judges the clinic’s wall clock, not UTC', () => {
    // 01:00Z is 21:00 the evening before in New York and 10:00 in Tokyo.
    expect(startOutsideQuietHours(utc('2026-06-11T01:00Z'), evening, NEW_YORK)).to.equal(utc('2026-06-11T12:00Z'))
    expect(startOutsideQuietHours(utc('2026-06-11T01:00Z'), evening, 'Asia/Tokyo')).to.equal(utc('2026-06-11T01:00Z'))
  })

  describe('across daylight saving time in America/New_York', () => {
    it('ends at 08:00 EDT the night clocks go forward (a 10 h night, not 11)', () => {
      expect(startOutsideQuietHours(local('2026-03-07T21:00'), evening, NEW_YORK)).to.equal(utc('2026-03-08T12:00Z'))
    })

    it('ends at 08:00 EST the night clocks go back (a 10 h night from 23:00, not 9)', () => {
      expect(startOutsideQuietHours(local('2026-10-31T23:00'), evening, NEW_YORK)).to.equal(utc('2026-11-01T13:00Z'))
    })

    it('ends at the jump when the end falls in the hour skipped', () => {
      const night = { start: '22:00', end: '02:30' }
      // 02:00 EST becomes 03:00 EDT at 07:00Z: the first moment the clock reads 02:30 or later.
      expect(startOutsideQuietHours(local('2026-03-07T23:00'), night, NEW_YORK)).to.equal(utc('2026-03-08T07:00Z'))
    })

    it('ends at the first 01:30 after the round was due when the end falls in the hour repeated', () => {
      const night = { start: '22:00', end: '01:30' }
      expect(startOutsideQuietHours(local('2026-10-31T23:00'), night, NEW_YORK)).to.equal(
        local('2026-11-01T01:30-04:00'),
      )
      expect(startOutsideQuietHours(local('2026-11-01T01:10-04:00'), night, NEW_YORK)).to.equal(
        local('2026-11-01T01:30-04:00'),
      )
      // Back in the repeated hour after 01:30 EDT, the clock reads 01:10 again: quiet until it reads 01:30 again.
      expect(startOutsideQuietHours(local('2026-11-01T01:10-05:00'), night, NEW_YORK)).to.equal(
        local('2026-11-01T01:30-05:00'),
      )
    })
  })
})
