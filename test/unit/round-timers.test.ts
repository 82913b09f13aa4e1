import { expect } from 'chai'
import { DEFAULT_OFFER_POLICY } from '../../shared/reference-data/offer-policy'
import { newOpening, type OpeningRounds } from '../../shared/offers/round-state'
import { timersFor } from '../../shared/offers/round-timers'

const HOUR = 3_600_000
const SLOT = Date.parse('2026-06-20T14:00:00Z')
const LIMIT = SLOT - 2 * HOUR
const opening = (patch: Partial<OpeningRounds> = {}): OpeningRounds => ({ ...newOpening('o1', SLOT), ...patch })
const named = (state: OpeningRounds) => timersFor(state, DEFAULT_OFFER_POLICY).map(({ name, at }) => ({ name, at }))

describe('timersFor: the timers an opening waits on, added again after every step', () => {
  it('waits on its notice limit while OPEN, with its waiting round’s start or its live round’s end', () => {
    expect(named(opening())).to.deep.equal([{ name: 'offer-notice-o1', at: LIMIT }])
    expect(named(opening({ phase: { kind: 'waiting', round: 2, startsAt: SLOT - 5 * HOUR } }))).to.deep.equal([
      { name: 'offer-notice-o1', at: LIMIT },
      { name: 'offer-round-o1-2-start', at: SLOT - 5 * HOUR },
    ])
    expect(named(opening({ phase: { kind: 'live', round: 3, endsAt: SLOT - 4 * HOUR } }))).to.deep.equal([
      { name: 'offer-notice-o1', at: LIMIT },
      { name: 'offer-round-o1-3', at: SLOT - 4 * HOUR },
    ])
    expect(named(opening({ phase: { kind: 'idle', round: 3 } }))).to.deep.equal([
      { name: 'offer-notice-o1', at: LIMIT },
    ])
  })

  it('waits on nothing once the opening is FILLED, EXPIRED or WITHDRAWN', () => {
    for (const status of ['FILLED', 'EXPIRED', 'WITHDRAWN'] as const)
      expect(named(opening({ status, phase: { kind: 'live', round: 1, endsAt: LIMIT } }))).to.deep.equal([])
  })

  it('names every timer after its opening, so the job it becomes can carry the opening’s id', () => {
    const state = opening({ phase: { kind: 'live', round: 1, endsAt: LIMIT } })
    expect(timersFor(state, DEFAULT_OFFER_POLICY).map((timer) => timer.openingId)).to.deep.equal(['o1', 'o1'])
  })
})
