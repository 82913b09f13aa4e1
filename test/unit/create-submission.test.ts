import { expect } from 'chai'
import * as E from 'fp-ts/Either'
import * as fc from 'fast-check'
import type * as t from 'io-ts'
import { Actor } from '../../shared/auth/actor'
import { resolvePatientId, validateCreateSubmission } from '../../shared/waitlist-request/create-submission'

const decodeOrThrow = <A>(codec: t.Decoder<unknown, A>, input: unknown): A => {
  const result = codec.decode(input)
  if (E.isLeft(result)) throw new Error(`test fixture does not decode: ${JSON.stringify(input)}`)
  return result.right
}

const patient = decodeOrThrow(Actor, { sub: 'user-123', role: 'USER', patient_id: 'patient-012' })
const staff = (role: 'CLINICIAN' | 'STAFF' | 'ADMIN') => decodeOrThrow(Actor, { sub: 'staff-1', role, org_id: 'org-1' })
const STAFF_ROLES = ['CLINICIAN', 'STAFF', 'ADMIN'] as const

const REQUIRED_FOR_STAFF = 'patient_id query parameter is required for staff requests'
const NOT_A_PATIENT_ID = 'patient_id must be a patient id'

const body = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  clinic_id: 'clinic-123',
  date_range_start: '2026-05-15',
  date_range_end: '2026-06-15',
  appointment_category_id: '2058',
  payment_type: 'INSURANCE_PAY',
  ...overrides,
})

describe('create submission (who files, for which patient)', () => {
  describe('resolvePatientId', () => {
    for (const given of [undefined, null, '', 'patient-999', ['patient-1', 'patient-2'], 42, ' ']) {
      it(`gives a USER the token's patient_id whatever the query says (${JSON.stringify(given) ?? 'undefined'})`, () => {
        expect(resolvePatientId(patient, given)).to.deep.equal(E.right('patient-012'))
      })
    }

    it("gives a USER the token's patient_id whatever the query says (property)", () => {
      fc.assert(
        fc.property(fc.anything(), (given) => {
          const result = resolvePatientId(patient, given)
          return E.isRight(result) && result.right === 'patient-012'
        }),
      )
    })

    for (const role of STAFF_ROLES) {
      it(`uses the patient_id query parameter for ${role}`, () => {
        expect(resolvePatientId(staff(role), 'patient-999')).to.deep.equal(E.right('patient-999'))
      })

      for (const given of [undefined, null, '']) {
        it(`requires the patient_id query parameter for ${role} (${JSON.stringify(given) ?? 'undefined'})`, () => {
          expect(resolvePatientId(staff(role), given)).to.deep.equal(
            E.left([{ field: 'patient_id', message: REQUIRED_FOR_STAFF }]),
          )
        })
      }
    }

    for (const given of [
      ['patient-1', 'patient-2'],
      ['patient-1'],
      [],
      42,
      { id: 'patient-1' },
      ' patient-1',
      'a b',
      'x'.repeat(65),
    ]) {
      it(`refuses patient_id ${JSON.stringify(given)} from staff as not a patient id`, () => {
        expect(resolvePatientId(staff('STAFF'), given)).to.deep.equal(
          E.left([{ field: 'patient_id', message: NOT_A_PATIENT_ID }]),
        )
      })
    }
  })

  describe('validateCreateSubmission', () => {
    it("files a USER's request for the token's patient, with the decoded body", () => {
      const result = validateCreateSubmission({ actor: patient, patient_id: 'patient-999', body: body() })
      if (E.isLeft(result)) return expect.fail(JSON.stringify(result.left))
      expect(result.right.actor).to.equal(patient)
      expect(result.right.patient_id).to.equal('patient-012')
      expect(result.right.request).to.include({ clinic_id: 'clinic-123', priority: 3, payment_type: 'INSURANCE_PAY' })
    })

    it("files a staff request for the query's patient", () => {
      const result = validateCreateSubmission({ actor: staff('CLINICIAN'), patient_id: 'patient-777', body: body() })
      if (E.isLeft(result)) return expect.fail(JSON.stringify(result.left))
      expect(result.right.patient_id).to.equal('patient-777')
    })

    it('reports a missing staff patient_id together with every body failure, patient_id first', () => {
      expect(
        validateCreateSubmission({
          actor: staff('ADMIN'),
          patient_id: undefined,
          body: body({ clinic_id: null, payment_type: 'CASH' }),
        }),
      ).to.deep.equal(
        E.left([
          { field: 'patient_id', message: REQUIRED_FOR_STAFF },
          { field: 'clinic_id', message: 'clinic_id is required' },
          { field: 'payment_type', message: 'payment_type must be one of SELF_PAY, INSURANCE_PAY' },
        ]),
      )
    })

    it('reports an array patient_id together with a body that is not an object', () => {
      expect(validateCreateSubmission({ actor: staff('STAFF'), patient_id: ['a', 'b'], body: [] })).to.deep.equal(
        E.left([
          { field: 'patient_id', message: NOT_A_PATIENT_ID },
          { field: 'body', message: 'request body must be a JSON object' },
        ]),
      )
    })

    it('reports only body failures for a USER, whatever the query says', () => {
      expect(
        validateCreateSubmission({
          actor: patient,
          patient_id: ['x', 'y'],
          body: body({ date_range_end: '2026-05-01' }),
        }),
      ).to.deep.equal(
        E.left([{ field: 'date_range_end', message: 'date_range_end must be on or after date_range_start' }]),
      )
    })

    it('reports only the patient_id failure when the body is fine', () => {
      expect(validateCreateSubmission({ actor: staff('STAFF'), patient_id: '', body: body() })).to.deep.equal(
        E.left([{ field: 'patient_id', message: REQUIRED_FOR_STAFF }]),
      )
    })
  })
})
