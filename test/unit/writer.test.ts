import { expect } from 'chai'
import * as E from 'fp-ts/Either'
import { Actor } from '../../shared/auth/actor'
import type { RequestVersion } from '../../shared/codecs/request-version'
import { SYSTEM_EXPIRY } from '../../shared/waitlist-request/history'
import { CLINIC_STAFF, historyAsSeenBy, writerAsSeenBy } from '../../shared/waitlist-request/writer'

const actor = (claims: Record<string, unknown>): Actor => {
  const decoded = Actor.decode(claims)
  if (E.isLeft(decoded)) throw new Error('test actor does not decode')
  return decoded.right
}

const jane = actor({ sub: 'user-jane', role: 'USER', patient_id: 'pat-a1' })
const staff = actor({ sub: 'user-front-desk', role: 'STAFF', org_id: 'org-a' })

describe('who wrote a request, as its reader is shown (writer.ts)', () => {
  it('shows staff every writer as recorded', () => {
    for (const [by, role] of [
      ['user-jane', 'USER'],
      ['user-front-desk', 'STAFF'],
      [SYSTEM_EXPIRY, null],
      ['someone-before-roles', null],
    ] as const) {
      expect(writerAsSeenBy(staff, by, role)).to.equal(by)
    }
  })

  it('shows a patient each staff role as "clinic staff"', () => {
    for (const role of ['CLINICIAN', 'STAFF', 'ADMIN'] as const) {
      expect(writerAsSeenBy(jane, 'user-front-desk', role)).to.equal(CLINIC_STAFF)
    }
  })

  it("shows a patient a patient's writes, and the service's, as recorded", () => {
    expect(writerAsSeenBy(jane, 'user-jane', 'USER')).to.equal('user-jane')
    expect(writerAsSeenBy(jane, 'user-janes-guardian', 'USER')).to.equal('user-janes-guardian')
    expect(writerAsSeenBy(jane, SYSTEM_EXPIRY, null)).to.equal(SYSTEM_EXPIRY)
  })

  it("shows a patient a write of unrecorded role as theirs when it is, else as staff's", () => {
    expect(writerAsSeenBy(jane, 'user-jane', null)).to.equal('user-jane')
    expect(writerAsSeenBy(jane, 'user-front-desk', null)).to.equal(CLINIC_STAFF)
  })

  it('changes nothing in a history entry but its by', () => {
    const entry = {
      version: 2 as RequestVersion,
      event: 'changed' as const,
      at: '2026-11-25T09:12:03.511Z',
      by: 'user-front-desk',
    }
    const changes = [{ field: 'priority', before: 3, after: 1 }]
    expect(historyAsSeenBy(jane, [{ entry: { ...entry, changes }, role: 'ADMIN' }])).to.deep.equal([
      { ...entry, by: CLINIC_STAFF, changes },
    ])
  })
})
