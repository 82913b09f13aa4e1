import { expect } from 'chai'
import * as E from 'fp-ts/Either'
import type * as t from 'io-ts'
import { Actor } from '../../shared/auth/actor'
import { mayRead, mayReadCreateOutcome } from '../../shared/waitlist-request/read-access'

const decodeOrThrow = <A>(codec: t.Decoder<unknown, A>, input: unknown): A => {
  const result = codec.decode(input)
  if (E.isLeft(result)) throw new Error(`test fixture does not decode: ${JSON.stringify(input)}`)
  return result.right
}

const patientA1 = decodeOrThrow(Actor, { sub: 'u-1', role: 'USER', patient_id: 'pat-a1' })
const staffOf = (role: string, org: string) => decodeOrThrow(Actor, { sub: 's-1', role, org_id: org })
const owner = { organization_id: 'org-a', patient_id: 'pat-a1' }

describe('mayRead (docs/contract.md#tenancy, for reading a stored request)', () => {
  it('lets a patient read their own request', () => {
    expect(mayRead(patientA1, owner)).to.equal(true)
  })

  it("does not let a patient read another patient's request, even in the same organization", () => {
    expect(mayRead(patientA1, { organization_id: 'org-a', patient_id: 'pat-a2' })).to.equal(false)
  })

  for (const role of ['CLINICIAN', 'STAFF', 'ADMIN']) {
    it(`lets ${role} read any request of their organization`, () => {
      expect(mayRead(staffOf(role, 'org-a'), owner)).to.equal(true)
      expect(mayRead(staffOf(role, 'org-a'), { organization_id: 'org-a', patient_id: 'pat-a9' })).to.equal(true)
    })

    it(`does not let ${role} read a request of another organization`, () => {
      expect(mayRead(staffOf(role, 'org-b'), owner)).to.equal(false)
    })
  }
})

describe('mayReadCreateOutcome (what became of a create not stored: docs/api.md)', () => {
  const patient = (sub: string, patient_id: string) => decodeOrThrow(Actor, { sub, role: 'USER', patient_id })
  const staff = (sub: string, role: string, org_id: string) => decodeOrThrow(Actor, { sub, role, org_id })

  it('lets the patient who filed it read it, and no one else as a patient', () => {
    const filer = patient('u-1', 'pat-a1')
    expect(mayReadCreateOutcome(patient('u-1', 'pat-a1'), filer)).to.equal(true)
    expect(mayReadCreateOutcome(patient('u-2', 'pat-a1'), filer)).to.equal(false)
    expect(mayReadCreateOutcome(patient('u-1', 'pat-a2'), filer)).to.equal(false)
    expect(mayReadCreateOutcome(staff('u-1', 'STAFF', 'org-a'), filer)).to.equal(false)
  })

  it('lets staff of the organization that filed it read it, in any staff role, and no one outside it', () => {
    const filer = staff('s-1', 'STAFF', 'org-a')
    for (const role of ['CLINICIAN', 'STAFF', 'ADMIN']) {
      expect(mayReadCreateOutcome(staff('s-2', role, 'org-a'), filer)).to.equal(true)
      expect(mayReadCreateOutcome(staff('s-1', role, 'org-b'), filer)).to.equal(false)
    }
    expect(mayReadCreateOutcome(patient('s-1', 'pat-a1'), filer)).to.equal(false)
  })
})
