import { expect } from 'chai'
import { DEFAULT_OFFER_POLICY } from '../../shared/reference-data/offer-policy'
import { noticeLimit, roundEnd } from '../../shared/offers/hold-window'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const slot = Date.UTC(2026, 5, 15, 14, 0)

describe('hold window and notice limit (docs/offer-policy.md)', () => {
  it('sets the notice limit min_notice_minutes before the slot', () => {
    expect(noticeLimit(DEFAULT_OFFER_POLICY, slot)).to.equal(slot - 120 * MINUTE)
    expect(noticeLimit({ ...DEFAULT_OFFER_POLICY, min_notice_minutes: 0 }, slot)).to.equal(slot)
  })

  describe('without hold_seconds, holds by notice', () => {
    const cases: Array<[string, number, number]> = [
      ['more than 7 days away: 12 h', slot - 7 * DAY - 1, 12 * HOUR],
      ['exactly 7 days away: 2 h', slot - 7 * DAY, 2 * HOUR],
      ['exactly a day away: 2 h', slot - DAY, 2 * HOUR],
      ['under a day away: 20 min', slot - DAY + 1, 20 * MINUTE],
    ]
    for (const [name, start, hold] of cases)
      it(name, () => {
        expect(roundEnd(DEFAULT_OFFER_POLICY, start, slot)).to.equal(start + hold)
      })
  })

  it('holds hold_seconds whatever the notice', () => {
    const policy = { ...DEFAULT_OFFER_POLICY, hold_seconds: 900 }
    expect(roundEnd(policy, slot - 30 * DAY, slot)).to.equal(slot - 30 * DAY + 900_000)
    expect(roundEnd(policy, slot - 5 * HOUR, slot)).to.equal(slot - 5 * HOUR + 900_000)
  })

  it('never holds past the notice limit', () => {
    const start = slot - 130 * MINUTE
    expect(roundEnd(DEFAULT_OFFER_POLICY, start, slot)).to.equal(slot - 120 * MINUTE)
    expect(roundEnd({ ...DEFAULT_OFFER_POLICY, hold_seconds: 3600 }, slot - 150 * MINUTE, slot)).to.equal(
      slot - 2 * HOUR,
    )
  })
})
