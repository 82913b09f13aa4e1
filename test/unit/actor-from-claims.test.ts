import { expect } from 'chai'
import * as E from 'fp-ts/Either'
import * as fc from 'fast-check'
import { actorFromClaims } from '../../shared/auth/actor-from-claims'

const NO_SUB = { reason: 'unauthenticated', message: 'token has no valid sub claim' }
const NO_ROLE = { reason: 'forbidden', message: 'token has no role this service recognises' }
const NO_PATIENT = { reason: 'forbidden', message: 'patient token has no valid patient_id claim' }
const NO_ORG = { reason: 'forbidden', message: 'staff token has no valid org_id claim' }

describe('actorFromClaims (docs/contract.md#authentication-and-roles)', () => {
  describe('sub', () => {
    for (const sub of [
      undefined,
      null,
      '',
      '   ',
      42,
      ['user-1'],
      { id: 'user-1' },
      'x'.repeat(256),
      'user\u0000-1',
      'user-\ud800',
      '\udc00user',
    ]) {
      it(`answers 401 for a token whose sub is ${JSON.stringify(sub) ?? 'missing'}`, () => {
        const claims: Record<string, unknown> = { role: 'USER', patient_id: 'patient-1' }
        if (sub !== undefined) claims['sub'] = sub
        expect(actorFromClaims(claims)).to.deep.equal(E.left(NO_SUB))
      })
    }

    it('answers 401 for a missing sub before looking at the role', () => {
      expect(actorFromClaims({ role: 'NOBODY' })).to.deep.equal(E.left(NO_SUB))
    })

    it('counts the sub in characters: 255 emoji are a sub', () => {
      const sub = '😀'.repeat(255)
      expect(E.isRight(actorFromClaims({ sub, role: 'USER', patient_id: 'patient-1' }))).to.equal(true)
    })

    it('accepts a sub of up to 255 characters', () => {
      const sub = 's'.repeat(255)
      expect(actorFromClaims({ sub, role: 'USER', patient_id: 'patient-1' })).to.deep.equal(
        E.right({ sub, role: 'USER', patient_id: 'patient-1' }),
      )
    })
  })

  describe('role', () => {
    for (const role of [undefined, null, '', 'user', 'Admin', 'SUPERUSER', 'PATIENT', ['ADMIN'], 1, 'toString']) {
      it(`answers 403 for a valid token whose role is ${JSON.stringify(role) ?? 'missing'}`, () => {
        const claims: Record<string, unknown> = { sub: 'user-1', patient_id: 'patient-1', org_id: 'org-1' }
        if (role !== undefined) claims['role'] = role
        expect(actorFromClaims(claims)).to.deep.equal(E.left(NO_ROLE))
      })
    }
  })

  describe('USER (a patient)', () => {
    it('acts as the patient named by the patient_id claim', () => {
      expect(actorFromClaims({ sub: 'user-123', role: 'USER', patient_id: 'patient-012' })).to.deep.equal(
        E.right({ sub: 'user-123', role: 'USER', patient_id: 'patient-012' }),
      )
    })

    for (const patientId of [
      undefined,
      null,
      '',
      ' p',
      'p q',
      12,
      ['patient-1'],
      'x'.repeat(65),
      'patient\u0000',
      'patient-\ud800',
    ]) {
      it(`answers 403 for a USER token whose patient_id is ${JSON.stringify(patientId) ?? 'missing'}`, () => {
        const claims: Record<string, unknown> = { sub: 'user-1', role: 'USER', org_id: 'org-1' }
        if (patientId !== undefined) claims['patient_id'] = patientId
        expect(actorFromClaims(claims)).to.deep.equal(E.left(NO_PATIENT))
      })
    }
  })

  describe('staff (CLINICIAN, STAFF, ADMIN)', () => {
    for (const role of ['CLINICIAN', 'STAFF', 'ADMIN']) {
      it(`lets ${role} act inside the org_id claim`, () => {
        expect(actorFromClaims({ sub: 'staff-1', role, org_id: 'org-1' })).to.deep.equal(
          E.right({ sub: 'staff-1', role, org_id: 'org-1' }),
        )
      })

      it(`answers 403 for a ${role} token without org_id, even with a patient_id`, () => {
        expect(actorFromClaims({ sub: 'staff-1', role, patient_id: 'patient-1' })).to.deep.equal(E.left(NO_ORG))
      })

      it(`answers 403 for a ${role} token whose org_id is not an id`, () => {
        for (const orgId of ['', 'org 1', 5, null, ['org-1'], 'org-1\u0000', 'org-\udfff']) {
          expect(actorFromClaims({ sub: 'staff-1', role, org_id: orgId })).to.deep.equal(E.left(NO_ORG))
        }
      })
    }
  })

  describe('extra claims', () => {
    it('strips claims the actor does not need (exp, iat, iss, aud, org_id on a USER, patient_id on staff, anything else)', () => {
      expect(
        actorFromClaims({
          sub: 'user-1',
          role: 'USER',
          patient_id: 'patient-1',
          org_id: 'org-9',
          exp: 1,
          iat: 0,
          iss: 'issuer',
          aud: 'aud',
          admin: true,
        }),
      ).to.deep.equal(E.right({ sub: 'user-1', role: 'USER', patient_id: 'patient-1' }))
      expect(
        actorFromClaims({ sub: 'staff-1', role: 'ADMIN', org_id: 'org-1', patient_id: 'patient-1', scope: 'all' }),
      ).to.deep.equal(E.right({ sub: 'staff-1', role: 'ADMIN', org_id: 'org-1' }))
    })

    it('never yields an actor with keys beyond sub, role and patient_id or org_id (property)', () => {
      fc.assert(
        fc.property(
          fc.dictionary(fc.string(), fc.jsonValue()),
          fc.constantFrom(
            { role: 'USER', patient_id: 'patient-1' },
            { role: 'CLINICIAN', org_id: 'org-1' },
            { role: 'STAFF', org_id: 'org-1' },
            { role: 'ADMIN', org_id: 'org-1' },
          ),
          (extra, identity) => {
            const result = actorFromClaims({ ...extra, sub: 'user-1', ...identity })
            return (
              E.isRight(result) &&
              JSON.stringify(Object.keys(result.right).sort()) ===
                JSON.stringify(['sub', ...Object.keys(identity)].sort())
            )
          },
        ),
      )
    })
  })
})
