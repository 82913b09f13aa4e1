import { expect } from 'chai'
import * as E from 'fp-ts/Either'
import {
  CREATE_JOB_NAME,
  CreateJobResult,
  createJobId,
  decodeCreateJob,
} from '../../shared/queue/create-waitlist-request-job'
import type * as t from 'io-ts'
import { Actor } from '../../shared/auth/actor'
import type { RequestId } from '../../shared/codecs/request-id'
import { validateCreateSubmission } from '../../shared/waitlist-request/create-submission'

const REQUEST_ID = '3f0c2a9e-4f1b-4c55-9d1e-7a0e5b6c8d90'
const staff = { sub: 'importer-7', role: 'STAFF', org_id: 'org-1' }
const patient = { sub: 'user-123', role: 'USER', patient_id: 'patient-012' }

const decodeOrThrow = <A>(codec: t.Decoder<unknown, A>, input: unknown): A => {
  const result = codec.decode(input)
  if (E.isLeft(result)) throw new Error(`test fixture does not decode: ${JSON.stringify(input)}`)
  return result.right
}
const staffActor = decodeOrThrow(Actor, staff)

const body = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  clinic_id: 'clinic-123',
  preferred_providers: ['provider-789'],
  date_range_start: '2026-12-01',
  date_range_end: '2026-12-20',
  appointment_category_id: '2058',
  payment_type: 'INSURANCE_PAY',
  priority: 2,
  ...overrides,
})

/** The example of docs/queue-contract.md. */
const job = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  version: 1,
  request_id: REQUEST_ID,
  actor: staff,
  patient_id: 'patient-012',
  body: body(),
  ...overrides,
})

describe('create job contract (docs/queue-contract.md, docs/contract.md#the-queue-contract)', () => {
  it('names the job create-waitlist-request and ids it create-<request_id> (no ":")', () => {
    expect(CREATE_JOB_NAME).to.equal('create-waitlist-request')
    expect(createJobId(REQUEST_ID as RequestId)).to.equal(`create-${REQUEST_ID}`)
    expect(createJobId(REQUEST_ID as RequestId)).not.to.include(':')
  })

  it("decodes the contract's example into the same submission the ingress builds for that body", () => {
    const decoded = decodeCreateJob(job())
    const http = validateCreateSubmission({ actor: staffActor, patient_id: 'patient-012', body: body() })
    if (E.isLeft(decoded) || E.isLeft(http)) return expect.fail('expected both to decode')
    expect(decoded.right.request_id).to.equal(REQUEST_ID)
    expect(decoded.right.submission).to.deep.equal(http.right)
  })

  it('files a patient actor’s job for that patient whatever patient_id says', () => {
    const decoded = decodeCreateJob(job({ actor: patient, patient_id: 'patient-999' }))
    if (E.isLeft(decoded)) return expect.fail(JSON.stringify(decoded.left))
    expect(decoded.right.submission.patient_id).to.equal('patient-012')
  })

  it('refuses a staff job with patient_id null, as HTTP refuses a missing query parameter', () => {
    expect(decodeCreateJob(job({ patient_id: null }))).to.deep.equal(
      E.left([{ field: 'patient_id', message: 'patient_id query parameter is required for staff requests' }]),
    )
  })

  it('reports body failures under the HTTP field names (priority, not body.priority), with the HTTP messages', () => {
    const bad = body({ priority: 2.5, date_range_end: '2026-11-01', preferred_days: ['monday'] })
    const http = validateCreateSubmission({ actor: staffActor, patient_id: 'patient-012', body: bad })
    expect(decodeCreateJob(job({ body: bad }))).to.deep.equal(http)
    expect(E.isLeft(http) && http.left.map((error) => error.field)).to.deep.equal([
      'preferred_days',
      'date_range_end',
      'priority',
    ])
  })

  it('refuses a body that is not an object with field body, as HTTP does', () => {
    expect(decodeCreateJob(job({ body: ['x'] }))).to.deep.equal(
      E.left([{ field: 'body', message: 'request body must be a JSON object' }]),
    )
  })

  // docs/contract.md#the-queue-contract: the worker judges job data by the
  // ingress's own rules, and docs/queue-contract.md says a staff job's
  // patient_id null is rejected "as over HTTP". Over HTTP a missing patient_id
  // is reported together with the body's failures; a job must answer with the same list.
  it('reports a staff job’s missing patient_id together with its body failures, exactly as HTTP does', () => {
    const bad = body({ clinic_id: null, payment_type: 'CASH' })
    const http = validateCreateSubmission({ actor: staffActor, patient_id: undefined, body: bad })
    expect(decodeCreateJob(job({ patient_id: null, body: bad }))).to.deep.equal(http)
  })

  it('answers an unknown version with a rejection naming version', () => {
    const decoded = decodeCreateJob(job({ version: 2 }))
    expect(E.isLeft(decoded) && decoded.left.map((error) => error.field)).to.deep.equal(['version'])
  })

  for (const requestId of ['not-a-uuid', REQUEST_ID.toUpperCase(), '', null]) {
    it(`refuses request_id ${JSON.stringify(requestId)}, naming request_id`, () => {
      const decoded = decodeCreateJob(job({ request_id: requestId }))
      expect(E.isLeft(decoded) && decoded.left.map((error) => error.field)).to.deep.equal(['request_id'])
    })
  }

  for (const actor of [
    { sub: 'x', role: 'ROOT', org_id: 'org-1' },
    { sub: 'x', role: 'STAFF' },
    { sub: 'x', role: 'USER' },
    { role: 'STAFF', org_id: 'org-1' },
    null,
  ]) {
    it(`refuses the actor ${JSON.stringify(actor)}, naming actor`, () => {
      const decoded = decodeCreateJob(job({ actor }))
      if (E.isRight(decoded)) return expect.fail('expected a rejection')
      expect(decoded.left.every((error) => error.field.startsWith('actor'))).to.equal(true)
    })
  }

  it('drops unknown fields of the actor, so a job cannot smuggle extra authority', () => {
    const decoded = decodeCreateJob(job({ actor: { ...staff, patient_id: 'p', admin: true } }))
    if (E.isLeft(decoded)) return expect.fail(JSON.stringify(decoded.left))
    expect(decoded.right.submission.actor).to.deep.equal(staff)
  })

  describe('CreateJobResult', () => {
    it('accepts a rejection with at least one field error, and refuses an empty one', () => {
      expect(
        CreateJobResult.is({ outcome: 'rejected', errors: [{ field: 'clinic_id', message: 'clinic_id is required' }] }),
      ).to.equal(true)
      expect(CreateJobResult.is({ outcome: 'rejected', errors: [] })).to.equal(false)
      expect(CreateJobResult.is({ outcome: 'created' })).to.equal(false)
    })
  })
})
