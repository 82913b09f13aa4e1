import { expect } from 'chai'
import { envelopeCode, errorEnvelope, successEnvelope } from '../../shared/http/envelope'

describe('envelope', () => {
  it('codes a 201 as 2000 with Success, as the API page shows', () => {
    expect(successEnvelope(201, { id: 'x' })).to.deep.equal({ code: 2000, message: 'Success', data: { id: 'x' } })
  })

  it('codes other statuses as status × 10', () => {
    expect([400, 401, 403, 404, 409, 413, 422, 429, 500, 503, 202].map(envelopeCode)).to.deep.equal([
      4000, 4010, 4030, 4040, 4090, 4130, 4220, 4290, 5000, 5030, 2020,
    ])
  })

  it('gives errors data null and lists field errors only when there are some', () => {
    expect(errorEnvelope(401, 'missing bearer token')).to.deep.equal({
      code: 4010,
      message: 'missing bearer token',
      data: null,
    })
    expect(errorEnvelope(400, 'a', [{ field: 'f', message: 'a' }]).errors).to.deep.equal([{ field: 'f', message: 'a' }])
  })
})
