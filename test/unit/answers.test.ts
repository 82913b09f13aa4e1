import { expect } from 'chai'
import type { FieldErrors } from '../../shared/errors/field-error'
import { envelopeCode, errorBody, refusalAnswer, successAnswer } from '../../ingress/http/answers'

describe('answers: statuses and the envelope', () => {
  it('codes a 201 as 2000 with Success, as the API page shows', () => {
    expect(successAnswer(201, { id: 'x' }).body).to.deep.equal({ code: 2000, message: 'Success', data: { id: 'x' } })
  })

  it('codes other statuses as status × 10', () => {
    expect([400, 401, 403, 404, 409, 413, 422, 429, 500, 503, 202].map(envelopeCode)).to.deep.equal([
      4000, 4010, 4030, 4040, 4090, 4130, 4220, 4290, 5000, 5030, 2020,
    ])
  })

  it('gives errors data null and lists field errors only when there are some', () => {
    expect(errorBody(401, 'missing bearer token')).to.deep.equal({
      code: 4010,
      message: 'missing bearer token',
      data: null,
    })
    expect(errorBody(400, 'a', [{ field: 'f', message: 'a' }]).errors).to.deep.equal([{ field: 'f', message: 'a' }])
  })

  it('maps each refusal reason to its status, listing field errors only where the caller can act on each', () => {
    const errors: FieldErrors = [
      { field: 'f', message: 'first' },
      { field: 'g', message: 'second' },
    ]
    const answers = (
      [
        'invalid',
        'unauthenticated',
        'forbidden',
        'not_found',
        'conflict',
        'key_reused',
        'version_required',
        'rate_limited',
      ] as const
    ).map((reason) => refusalAnswer({ reason, errors }))
    expect(answers.map((answer) => answer.status)).to.deep.equal([400, 401, 403, 404, 409, 422, 428, 429])
    expect(answers.map((answer) => 'errors' in (answer.body as object))).to.deep.equal([
      true,
      false,
      false,
      false,
      true,
      false,
      true,
      false,
    ])
    expect(answers.every((answer) => (answer.body as { message: string }).message === 'first')).to.equal(true)
  })
})
