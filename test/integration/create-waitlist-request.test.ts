import { expect } from 'chai'
import { QueryTypes } from 'sequelize'
import { CREATE_PATH, call, createRequest, startStack, type TestStack } from '../support/stack'
import { clinicDate, validBody } from '../support/fixtures'
import { patientToken, staffToken } from '../support/tokens'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe('POST /apis/v1/waitlist-requests (through HTTP, queue, worker and PostgreSQL)', () => {
  let stack: TestStack
  before(async () => {
    stack = await startStack()
  })
  after(async () => {
    await stack?.stop()
  })

  const storedRow = async (id: string) => {
    const rows = await stack.sequelize.query<Record<string, unknown>>(
      'SELECT * FROM waitlist_requests WHERE id = :id',
      {
        replacements: { id },
        type: QueryTypes.SELECT,
      },
    )
    return rows[0]
  }

  it('answers 201 with every documented response field, the envelope and a Location header', async () => {
    const body = validBody()
    const before = Date.now()
    const answer = await createRequest(stack, patientToken('pat-a1', 'user-jane'), body)
    const after = Date.now()

    expect(answer.status).to.equal(201)
    expect(answer.body.code).to.equal(2000)
    expect(answer.body.message).to.equal('Success')
    const data = answer.body.data
    expect(data.id).to.match(UUID)
    expect(answer.headers.get('location')).to.equal(`${CREATE_PATH}/${data.id}`)
    expect(answer.headers.get('content-type')).to.match(/^application\/json/)
    expect(data).to.deep.include({
      clinic_id: 'clinic-a1',
      patient_id: 'pat-a1',
      preferred_providers: ['prov-a1', 'prov-a2'],
      preferred_provider_details: [
        { id: 'prov-a1', first_name: 'Maria', last_name: 'Lopez', title: 'DPT' },
        { id: 'prov-a2', first_name: 'Sam', last_name: 'Okafor', title: 'PT' },
      ],
      preferred_time_slots: ['MORNING', 'AFTERNOON'],
      preferred_days: ['MONDAY', 'WEDNESDAY', 'FRIDAY'],
      date_range_start: body['date_range_start'],
      date_range_end: body['date_range_end'],
      appointment_category_id: 'cat-eval',
      appointment_category: 'Physical Therapy',
      appointment_type: 'INITIAL_EVAL',
      appointment_duration: 60,
      payment_type: 'INSURANCE_PAY',
      priority: 3,
      status: 'ACTIVE',
      notes: 'Patient prefers morning appointments',
      patient: { id: 'pat-a1', first_name: 'Jane', last_name: 'Doe' },
      created_by: 'user-jane',
      updated_by: 'user-jane',
    })
    expect(data.created_at).to.match(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/)
    expect(Date.parse(data.created_at)).to.equal(data.created_at_epoch_ms)
    expect(data.created_at_epoch_ms).to.be.within(before - 1000, after + 1000)
    expect(data.updated_at).to.equal(data.created_at)
    expect(Object.keys(data).sort()).to.deep.equal(
      [
        'id',
        'clinic_id',
        'patient_id',
        'preferred_providers',
        'preferred_provider_details',
        'preferred_time_slots',
        'preferred_days',
        'date_range_start',
        'date_range_end',
        'appointment_category_id',
        'appointment_category',
        'appointment_type',
        'appointment_duration',
        'payment_type',
        'priority',
        'status',
        'notes',
        'patient',
        'created_at',
        'created_at_epoch_ms',
        'updated_at',
        'created_by',
        'updated_by',
      ].sort(),
    )
  })

  it('persists exactly the answered request in PostgreSQL', async () => {
    const answer = await createRequest(stack, patientToken(), validBody())
    const row = await storedRow(answer.body.data.id)
    expect(row).to.include({
      organization_id: 'org-a',
      clinic_id: 'clinic-a1',
      patient_id: 'pat-a1',
      appointment_type: 'INITIAL_EVAL',
      appointment_duration: 60,
      status: 'ACTIVE',
      created_by: 'user-pat-a1',
    })
    expect((row?.['created_at'] as Date).getTime()).to.equal(answer.body.data.created_at_epoch_ms)
    const count = await stack.sequelize.query('SELECT count(*)::int AS n FROM waitlist_requests WHERE id = :id', {
      replacements: { id: answer.body.data.id },
      type: QueryTypes.SELECT,
    })
    expect(count).to.deep.equal([{ n: 1 }])
  })

  it('fills what is omitted: priority 3, empty preferences, type, label and duration from the category, notes null', async () => {
    const answer = await createRequest(stack, patientToken(), {
      clinic_id: 'clinic-a1',
      date_range_start: clinicDate('clinic-a1', 1),
      date_range_end: clinicDate('clinic-a1', 1),
      appointment_category_id: 'cat-follow',
      payment_type: 'SELF_PAY',
    })
    expect(answer.status).to.equal(201)
    const data = answer.body.data
    expect(data).to.deep.include({
      preferred_providers: [],
      preferred_time_slots: [],
      preferred_days: [],
      appointment_category: 'PT Follow-up',
      appointment_type: 'FOLLOW_UP',
      appointment_duration: 30,
      payment_type: 'SELF_PAY',
      priority: 3,
      notes: null,
    })
    expect(data).not.to.have.property('preferred_provider_details')
  })

  it('lets a given appointment_type and label win over the category, storing the type normalised', async () => {
    const answer = await createRequest(
      stack,
      patientToken(),
      validBody({ appointment_type: 'follow-up', appointment_category: 'Back pain, second look' }),
    )
    expect(answer.status).to.equal(201)
    expect(answer.body.data.appointment_type).to.equal('FOLLOW_UP')
    expect(answer.body.data.appointment_category).to.equal('Back pain, second look')
    expect(answer.body.data.appointment_duration).to.equal(60)
    expect((await storedRow(answer.body.data.id))?.['appointment_type']).to.equal('FOLLOW_UP')
  })

  it('drops repeated preferences, keeping the first order, and keeps the provider details in that order', async () => {
    const answer = await createRequest(
      stack,
      patientToken(),
      validBody({
        preferred_providers: ['prov-a2', 'prov-a1', 'prov-a2'],
        preferred_time_slots: ['EVENING', 'MORNING', 'EVENING'],
        preferred_days: ['FRIDAY', 'MONDAY', 'FRIDAY'],
      }),
    )
    expect(answer.body.data.preferred_providers).to.deep.equal(['prov-a2', 'prov-a1'])
    expect(answer.body.data.preferred_provider_details.map((p: { id: string }) => p.id)).to.deep.equal([
      'prov-a2',
      'prov-a1',
    ])
    expect(answer.body.data.preferred_time_slots).to.deep.equal(['EVENING', 'MORNING'])
    expect(answer.body.data.preferred_days).to.deep.equal(['FRIDAY', 'MONDAY'])
  })

  it('stores notes exactly as sent and ignores unknown fields', async () => {
    const notes = '  Ünïcødé ✓ — "quoted"\nsecond line\t'
    const answer = await createRequest(
      stack,
      patientToken(),
      validBody({ notes, status: 'FULFILLED', id: 'mine', extra: 1 }),
    )
    expect(answer.status).to.equal(201)
    expect(answer.body.data.notes).to.equal(notes)
    expect(answer.body.data.status).to.equal('ACTIVE')
    expect(answer.body.data.id).to.match(UUID)
    expect((await storedRow(answer.body.data.id))?.['notes']).to.equal(notes)
  })

  it("takes a patient user's patient from the token, ignoring the patient_id query parameter", async () => {
    const answer = await createRequest(stack, patientToken('pat-a1'), validBody(), '?patient_id=pat-a2')
    expect(answer.status).to.equal(201)
    expect(answer.body.data.patient_id).to.equal('pat-a1')
  })

  for (const role of ['CLINICIAN', 'STAFF', 'ADMIN']) {
    it(`lets ${role} file for a patient of their organization named by patient_id, recording them as creator`, async () => {
      const answer = await createRequest(
        stack,
        staffToken('org-a', role, `user-${role}`),
        validBody(),
        '?patient_id=pat-a2',
      )
      expect(answer.status).to.equal(201)
      expect(answer.body.data.patient_id).to.equal('pat-a2')
      expect(answer.body.data.patient).to.deep.equal({ id: 'pat-a2', first_name: 'John', last_name: 'Smith' })
      expect(answer.body.data.created_by).to.equal(`user-${role}`)
    })
  }

  it('accepts an end date equal to the start date, and today in the clinic time zone', async () => {
    const today = clinicDate('clinic-a1', 0)
    const answer = await createRequest(
      stack,
      patientToken(),
      validBody({ date_range_start: today, date_range_end: today }),
    )
    expect(answer.status).to.equal(201)
  })

  it('accepts the API page example with its 31-day span where the organization allows 60 days', async () => {
    const answer = await createRequest(
      stack,
      patientToken(),
      validBody({ date_range_start: clinicDate('clinic-a1', 10), date_range_end: clinicDate('clinic-a1', 41) }),
    )
    expect(answer.status).to.equal(201)
  })

  it('answers an unknown route with the 404 envelope', async () => {
    const answer = await call(stack, 'GET', '/apis/v1/nothing-here')
    expect(answer.status).to.equal(404)
    expect(answer.body).to.deep.equal({ code: 4040, message: 'no route for GET /apis/v1/nothing-here', data: null })
  })
})
