import { expect } from 'chai'
import { canonicalJson } from '../../shared/idempotency/idempotency-key'

describe('canonicalJson (the idempotency fingerprint’s text)', () => {
  it('sorts keys at every depth, keeps array order and drops undefined, so two spellings read alike', () => {
    const one = { patient_id: 'pat-1', body: { priority: 2, clinic_id: 'c1', notes: undefined, days: ['TUE', 'MON'] } }
    const other = { body: { days: ['TUE', 'MON'], clinic_id: 'c1', priority: 2 }, patient_id: 'pat-1' }
    expect(canonicalJson(one)).to.equal(canonicalJson(other))
    // Pinned: a change of this text would turn retries across a deploy into 422s for 24 hours.
    expect(canonicalJson(one)).to.equal(
      '{"body":{"clinic_id":"c1","days":["TUE","MON"],"priority":2},"patient_id":"pat-1"}',
    )
  })
})
