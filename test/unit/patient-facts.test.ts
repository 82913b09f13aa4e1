import { expect } from 'chai'
import { capWindowStart, patientFacts, type SentOffer } from '../../shared/offers/patient-facts'
import { step, wantsCandidates } from '../../shared/offers/round-step'
import { newOpening, type RoundEvent } from '../../shared/offers/round-state'
import { DEFAULT_OFFER_POLICY } from '../../shared/reference-data/offer-policy'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const NOW = Date.UTC(2026, 5, 10, 15, 0)

const sent = (openingId: string, status: SentOffer['status'], ago: number): SentOffer => ({
  openingId,
  status,
  createdAt: NOW - ago,
})

describe("a candidate's patient facts (docs/offer-policy.md, who is offered)", () => {
  it('counts the offers sent, for any opening and however they ended, in the 24 hours before now', () => {
    const offers = [
      sent('o1', 'DECLINED', 23 * HOUR),
      sent('o2', 'EXPIRED', 2 * HOUR),
      sent('o3', 'WITHDRAWN', DAY),
      sent('o4', 'DECLINED', DAY + MINUTE),
    ]
    expect(patientFacts(offers, 'o9', NOW)).to.deep.equal({ offersInLastDay: 2, holdsPendingOffer: false })
    expect(capWindowStart(NOW)).to.equal(NOW - DAY)
  })

  it('holds a patient back for a PENDING offer at another opening, not at the opening asked about', () => {
    expect(patientFacts([sent('o1', 'PENDING', HOUR)], 'o2', NOW).holdsPendingOffer).to.equal(true)
    expect(patientFacts([sent('o1', 'PENDING', HOUR)], 'o1', NOW).holdsPendingOffer).to.equal(false)
    expect(patientFacts([sent('o1', 'ACCEPTED', HOUR)], 'o2', NOW).holdsPendingOffer).to.equal(false)
    expect(patientFacts([], 'o2', NOW)).to.deep.equal({ offersInLastDay: 0, holdsPendingOffer: false })
  })
})

describe('wantsCandidates: when a step needs the ranked candidates', () => {
  const policy = { ...DEFAULT_OFFER_POLICY, quiet_hours: null }
  const slot = NOW + 3 * DAY
  const without = (event: RoundEvent, state = newOpening('o1', slot)) => {
    const result = step(state, event, NOW, policy, 'UTC')
    return wantsCandidates(state, result, event)
  }

  it('wants them for a round that starts now, not for one held back or at an opening past its notice limit', () => {
    expect(without({ type: 'opened', candidates: [] })).to.equal(true)
    expect(without({ type: 'opened', candidates: [] }, newOpening('o1', NOW + HOUR))).to.equal(false)
    const quiet = step(
      newOpening('o1', slot),
      { type: 'opened', candidates: [] },
      NOW,
      { ...policy, offer_delay_seconds: 600 },
      'UTC',
    )
    expect(quiet.state.phase.kind).to.equal('waiting')
    expect(wantsCandidates(newOpening('o1', slot), quiet, { type: 'opened', candidates: [] })).to.equal(false)
  })

  it('wants them when candidates appear at an idle opening', () => {
    const idle = step(newOpening('o1', slot), { type: 'opened', candidates: [] }, NOW, policy, 'UTC').state
    expect(idle.phase.kind).to.equal('idle')
    expect(without({ type: 'candidates-appeared', candidates: [] }, idle)).to.equal(true)
    expect(without({ type: 'timer-fired', round: 1, candidates: [] }, idle)).to.equal(false)
  })
})
