import { expect } from 'chai'
import * as E from 'fp-ts/Either'
import type * as t from 'io-ts'
import { Actor } from '../../shared/auth/actor'
import { mayRead } from '../../shared/waitlist-request/read-access'

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
