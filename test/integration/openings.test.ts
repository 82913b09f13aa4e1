import { expect } from 'chai'
import { QueryTypes } from 'sequelize'
import { call, startStack, type TestStack } from '../support/stack'
import { patientToken, staffToken } from '../support/tokens'
import { OPENINGS_PATH, dayAhead, localAt, openingBody, opened, postOpening } from '../support/openings'

describe('openings over HTTP: open a slot, read it, withdraw it', () => {
  let stack: TestStack
  const staff = staffToken('org-a', 'STAFF', 'user-front-desk')
  const otherOrg = staffToken('org-b', 'ADMIN', 'user-b')
  before(async () => {
    stack = await startStack()
  })
  after(async () => {
    await stack?.stop()
  })

  const rowsWithExternalId = async (externalId: string) =>
    stack.sequelize.query('SELECT id FROM openings WHERE external_id = :externalId', {
      replacements: { externalId },
      type: QueryTypes.SELECT,
    })

  it('answers 201 with the opening, its end and a Location that reads it back', async () => {
    const start = localAt('clinic-a1', dayAhead('clinic-a1', 4), '09:30')
    const answer = await postOpening(
      stack,
      staff,
      openingBody({
        start,
        duration_minutes: 45,
        appointment_category_ids: ['cat-eval'],
        released_by_patient_id: 'pat-a2',
      }),
    )
    expect(answer.status, answer.text).to.equal(201)
    expect(answer.body).to.include({ code: 2000, message: 'Success' })
    const opening = answer.body.data
    expect(opening).to.deep.include({
      clinic_id: 'clinic-a1',
      provider_id: 'prov-a1',
      start: new Date(start).toISOString(),
      end: new Date(Date.parse(start) + 45 * 60_000).toISOString(),
      duration_minutes: 45,
      appointment_category_ids: ['cat-eval'],
      external_id: null,
      released_by_patient_id: 'pat-a2',
      status: 'OPEN',
      created_by: 'user-front-desk',
    })
    expect(answer.headers.get('location')).to.equal(`${OPENINGS_PATH}/${opening.id}`)
    const read = await call(stack, 'GET', `${OPENINGS_PATH}/${opening.id}`, { token: staff })
    expect(read.status).to.equal(200)
    // Read one at a time, an opening lists its offers too: none, as no request has been filed yet.
    expect(read.body.data).to.deep.equal({ ...opening, offers: [] })
  })

  for (const role of ['CLINICIAN', 'STAFF', 'ADMIN']) {
    it(`lets ${role} open a slot`, async () => {
      const opening = await opened(stack, staffToken('org-a', role, `user-${role}`))
      expect(opening['created_by']).to.equal(`user-${role}`)
    })
  }

  it('refuses a patient with 403 on every opening route, before reading a body', async () => {
    const jane = patientToken('pat-a1')
    const { id } = await opened(stack, staff)
    const answers = [
      await call(stack, 'POST', OPENINGS_PATH, { token: jane, body: '{not json', headers: {} }),
      await call(stack, 'GET', OPENINGS_PATH, { token: jane }),
      await call(stack, 'GET', `${OPENINGS_PATH}/${id}`, { token: jane }),
      await call(stack, 'GET', `${OPENINGS_PATH}/${id}/candidates`, { token: jane }),
      await call(stack, 'POST', `${OPENINGS_PATH}/${id}/withdraw`, { token: jane }),
    ]
    for (const answer of answers) {
      expect(answer.status, answer.text).to.equal(403)
      expect(answer.body).to.deep.equal({
        code: 4030,
        message: 'only staff may open slots and read openings',
        data: null,
      })
    }
  })

  it('reports every bad field at once, in the documented order, writing nothing', async () => {
    const answer = await postOpening(stack, staff, {
      provider_id: 'prov a1',
      start: '2020-01-01T10:00:00Z',
      duration_minutes: 4,
      appointment_category_ids: 'cat-eval',
      external_id: '',
    })
    expect(answer.status).to.equal(400)
    expect(answer.body.errors).to.deep.equal([
      { field: 'clinic_id', message: 'clinic_id is required' },
      { field: 'provider_id', message: 'provider_id must be a provider id' },
      { field: 'start', message: 'start must be in the future' },
      { field: 'duration_minutes', message: 'duration_minutes must be an integer from 5 to 480' },
      {
        field: 'appointment_category_ids',
        message: 'appointment_category_ids must be an array of at most 50 category ids',
      },
      { field: 'external_id', message: 'external_id must be 1 to 64 printable ASCII characters without spaces' },
    ])
    expect(answer.body.message).to.equal('clinic_id is required')
  })

  it('refuses a start without an offset and a fractional duration', async () => {
    const answer = await postOpening(
      stack,
      staff,
      openingBody({ start: '2030-01-01T10:00:00', duration_minutes: 30.5 }),
    )
    expect(answer.status).to.equal(400)
    expect(answer.body.errors.map((error: { field: string }) => error.field)).to.deep.equal([
      'start',
      'duration_minutes',
    ])
  })

  it('judges the references in the worker, every failure at once', async () => {
    const answer = await postOpening(
      stack,
      staff,
      openingBody({
        provider_id: 'prov-a3',
        appointment_category_ids: ['cat-eval', 'cat-b', 'cat-nope'],
        released_by_patient_id: 'pat-b1',
      }),
    )
    expect(answer.status, answer.text).to.equal(400)
    expect(answer.body.errors).to.deep.equal([
      { field: 'provider_id', message: 'provider_id does not name a provider practising at this clinic' },
      {
        field: 'appointment_category_ids',
        message: 'appointment_category_ids contains categories not offered at this clinic: cat-b, cat-nope',
      },
      { field: 'released_by_patient_id', message: 'released_by_patient_id does not name a known patient' },
    ])
  })

  it("answers another organization's clinic exactly as an unknown one", async () => {
    const theirs = await postOpening(stack, staff, openingBody({ clinic_id: 'clinic-b1', provider_id: 'prov-b1' }))
    const unknown = await postOpening(stack, staff, openingBody({ clinic_id: 'clinic-zz', provider_id: 'prov-b1' }))
    expect(theirs.status).to.equal(400)
    expect(theirs.body).to.deep.equal(unknown.body)
    expect(theirs.body.errors).to.deep.equal([
      { field: 'clinic_id', message: 'clinic_id does not name a known clinic' },
    ])
  })

  it('answers a repeated external_id at the clinic with the first opening, never a second one', async () => {
    const first = await opened(stack, staff, { external_id: 'pms-991' })
    const again = await postOpening(stack, staff, openingBody({ external_id: 'pms-991', duration_minutes: 30 }))
    expect(again.status, again.text).to.equal(201)
    expect(again.body.data).to.deep.equal(first)
    expect(again.headers.get('location')).to.equal(`${OPENINGS_PATH}/${first['id']}`)
    const elsewhere = await opened(stack, staff, {
      external_id: 'pms-991',
      clinic_id: 'clinic-a2',
      provider_id: 'prov-a2',
    })
    expect(elsewhere['id']).not.to.equal(first['id'])
    expect(await rowsWithExternalId('pms-991')).to.have.length(2)
  })

  it("answers 404 for another organization's opening, an unknown id and a malformed one", async () => {
    const { id } = await opened(stack, staff)
    const paths = [
      `${OPENINGS_PATH}/${id}`,
      `${OPENINGS_PATH}/00000000-0000-4000-8000-000000000000`,
      `${OPENINGS_PATH}/x`,
    ]
    for (const path of paths) {
      for (const suffix of ['', '/candidates']) {
        const answer = await call(stack, 'GET', `${path}${suffix}`, { token: path.includes(id) ? otherOrg : staff })
        expect(answer.status, `${path}${suffix}`).to.equal(404)
        expect(answer.body).to.deep.equal({ code: 4040, message: 'opening not found', data: null })
      }
      const withdraw = await call(stack, 'POST', `${path}/withdraw`, { token: path.includes(id) ? otherOrg : staff })
      expect(withdraw.status).to.equal(404)
    }
    const read = await call(stack, 'GET', `${OPENINGS_PATH}/${id}`, { token: staff })
    expect(read.body.data.status).to.equal('OPEN')
  })

  it('withdraws an OPEN opening, and refuses a second withdrawal with 409 naming its status', async () => {
    const { id } = await opened(stack, staff)
    const withdrawn = await call(stack, 'POST', `${OPENINGS_PATH}/${id}/withdraw`, { token: staff })
    expect(withdrawn.status, withdrawn.text).to.equal(200)
    expect(withdrawn.body.data).to.include({ id, status: 'WITHDRAWN' })
    const again = await call(stack, 'POST', `${OPENINGS_PATH}/${id}/withdraw`, { token: staff })
    expect(again.status).to.equal(409)
    expect(again.body.errors).to.deep.equal([
      { field: 'status', message: 'opening is WITHDRAWN: only an OPEN opening can be withdrawn' },
    ])
  })
})
