import { randomUUID } from 'node:crypto'
import { expect } from 'chai'
import { call, createRequest, startStack, type TestStack } from '../support/stack'
import { validBody } from '../support/fixtures'
import { patientToken, staffToken } from '../support/tokens'

describe('GET /apis/v1/waitlist-requests/{id} (the Location of a 201)', () => {
  let stack: TestStack
  let location: string
  let created: Record<string, unknown>
  before(async () => {
    stack = await startStack()
    const answer = await createRequest(stack, patientToken('pat-a1'), validBody())
    location = answer.headers.get('location') ?? ''
    created = answer.body.data
  })
  after(async () => {
    await stack?.stop()
  })

  const notFound = { code: 4040, message: 'waitlist request not found', data: null }

  it('returns the same payload as the 201 to the patient who filed it', async () => {
    const answer = await call(stack, 'GET', location, { token: patientToken('pat-a1') })
    expect(answer.status).to.equal(200)
    expect(answer.body).to.deep.equal({ code: 2000, message: 'Success', data: created })
  })

  it('returns it to staff of the same organization', async () => {
    const answer = await call(stack, 'GET', location, { token: staffToken('org-a', 'CLINICIAN') })
    expect(answer.status).to.equal(200)
    expect(answer.body.data).to.deep.equal(created)
  })

  it('answers another patient of the same organization as if the request did not exist', async () => {
    const answer = await call(stack, 'GET', location, { token: patientToken('pat-a2') })
    expect(answer.status).to.equal(404)
    expect(answer.body).to.deep.equal(notFound)
  })

  it('answers staff of another organization as if the request did not exist', async () => {
    const answer = await call(stack, 'GET', location, { token: staffToken('org-b') })
    expect(answer.status).to.equal(404)
    expect(answer.body).to.deep.equal(notFound)
  })

  it('answers 404 for an unknown id and for something that is not an id at all', async () => {
    for (const id of [randomUUID(), 'not-a-uuid', "1' OR '1'='1"]) {
      const answer = await call(stack, 'GET', `/apis/v1/waitlist-requests/${encodeURIComponent(id)}`, {
        token: staffToken(),
      })
      expect(answer.status).to.equal(404)
      expect(answer.body).to.deep.equal(notFound)
    }
  })

  it('requires authentication', async () => {
    const answer = await call(stack, 'GET', location)
    expect(answer.status).to.equal(401)
    expect(answer.body.code).to.equal(4010)
  })
})
