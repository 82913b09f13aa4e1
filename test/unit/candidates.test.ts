import { expect } from 'chai'
import { explainFit, rankCandidates, type CandidateRequest } from '../../shared/openings/candidates'
import { fitRequest, openingAt } from '../support/matching-fixtures'

const NOW = new Date('2026-03-01T12:00:00.000Z')
const opening = openingAt()

let serial = 0
const candidate = (overrides: Record<string, unknown> = {}): CandidateRequest => {
  serial += 1
  return {
    ...fitRequest(overrides),
    id: `00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`,
    priority: 3,
    created_at: '2026-01-10T09:00:00.000Z',
    ...overrides,
  } as CandidateRequest
}

describe('rankCandidates and explainFit (docs/matching.md)', () => {
  it('ranks only the requests fit accepts, whatever a pre-filter let through', () => {
    const urgent = candidate({ priority: 1 })
    const routine = candidate()
    const evening = candidate({ preferred_time_slots: ['EVENING'] })
    const ranked = rankCandidates([routine, evening, urgent], opening, [], NOW)
    expect(ranked.map((entry) => [entry.rank, entry.request_id])).to.deep.equal([
      [1, urgent.id],
      [2, routine.id],
    ])
  })

  it('answers a request that fits with its place among the others, even one the others lack', () => {
    const urgent = candidate({ priority: 1 })
    const routine = candidate()
    const answer = explainFit(routine, [urgent], opening, [], NOW)
    expect(answer).to.deep.include({ request_id: routine.id, patient_id: routine.patient_id, fits: true, rank: 2 })
    expect(answer.reasons.map((reason) => reason.code)).to.include('PART_OF_DAY')
  })

  it('answers a request that does not fit with every rule it fails and no place', () => {
    const elsewhere = candidate({ clinic_id: 'clinic-456', preferred_days: ['MONDAY'] })
    expect(explainFit(elsewhere, [], opening, [], NOW)).to.deep.equal({
      request_id: elsewhere.id,
      patient_id: elsewhere.patient_id,
      fits: false,
      rank: null,
      reasons: [
        { code: 'CLINIC', message: 'the request is for clinic-456; the slot is at clinic-123' },
        { code: 'WEEKDAY', message: 'prefers MONDAY; the slot is on TUESDAY in America/New_York' },
      ],
    })
  })
})
