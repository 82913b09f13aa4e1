import { expect } from 'chai'
import { QueryTypes } from 'sequelize'
import { createRequest, startStack, type ApiAnswer, type TestStack } from '../support/stack'
import { clinicDate, validBody } from '../support/fixtures'
import { patientToken, staffToken } from '../support/tokens'

/** What only org-b (and org-c) know: none of it may appear in an answer to someone outside them. */
const FOREIGN_WORDS = [
  'Org B',
  'org-b',
  'Bea',
  'Brown',
  'Ben',
  'Hart',
  'Sports Rehab',
  'Europe/London',
  'Org C',
  'org-c',
  'waitlist feature',
]

const UNKNOWN_CLINIC = { field: 'clinic_id', message: 'clinic_id does not name a known clinic' }
const UNKNOWN_PATIENT = { field: 'patient_id', message: 'patient_id does not name a known patient' }
const UNKNOWN_CATEGORY = {
  field: 'appointment_category_id',
  message: 'appointment_category_id does not name a category offered at this clinic',
}

describe('tenancy (docs/contract.md#tenancy): nothing outside the actor’s organization is visible', () => {
  let stack: TestStack
  before(async () => {
    stack = await startStack()
  })
  after(async () => {
    await stack?.stop()
  })

  const storedCount = async (): Promise<number> => {
    const rows = await stack.sequelize.query<{ n: number }>('SELECT count(*)::int AS n FROM waitlist_requests', {
      type: QueryTypes.SELECT,
    })
    return rows[0]?.n ?? Number.NaN
  }

  const refused = async (send: () => Promise<ApiAnswer>): Promise<ApiAnswer> => {
    const before = await storedCount()
    const answer = await send()
    expect(answer.status, answer.text).to.equal(400)
    expect(answer.body.code).to.equal(4000)
    expect(answer.body.data).to.equal(null)
    expect(answer.body.message, answer.text).to.equal(answer.body.errors?.[0]?.message)
    expect(await storedCount(), 'rows in waitlist_requests after a refused request').to.equal(before)
    for (const word of FOREIGN_WORDS) expect(answer.text, `answer leaks "${word}"`).not.to.include(word)
    return answer
  }

  /** The foreign thing and the missing thing get the very same answer, and that answer is `errors`. */
  const expectAnsweredAsUnknown = async (
    foreign: () => Promise<ApiAnswer>,
    missing: () => Promise<ApiAnswer>,
    errors: ReadonlyArray<{ field: string; message: string }>,
  ) => {
    const toForeign = await refused(foreign)
    const toMissing = await refused(missing)
    expect(toForeign.status).to.equal(toMissing.status)
    expect(toForeign.body).to.deep.equal(toMissing.body)
    expect(toForeign.text).to.equal(toMissing.text)
    expect(toForeign.body.errors).to.deep.equal(errors)
  }

  const asStaffOf =
    (orgId: string, body: Record<string, unknown>, patientId: string, role = 'STAFF') =>
    () =>
      createRequest(stack, staffToken(orgId, role), body, `?patient_id=${patientId}`)
  const asPatient = (patientId: string, body: Record<string, unknown>) => () =>
    createRequest(stack, patientToken(patientId), body)

  for (const role of ['CLINICIAN', 'STAFF', 'ADMIN']) {
    it(`answers ${role} of org-a filing at clinic-b1 (org-b) exactly as at a clinic that does not exist`, async () => {
      await expectAnsweredAsUnknown(
        asStaffOf('org-a', validBody({ clinic_id: 'clinic-b1' }), 'pat-a1', role),
        asStaffOf('org-a', validBody({ clinic_id: 'clinic-nope' }), 'pat-a1', role),
        [UNKNOWN_CLINIC],
      )
    })
  }

  it('answers staff of org-a at clinic-b1 with org-b’s own category and provider as at an unknown clinic', async () => {
    const body = (clinic_id: string) =>
      validBody({
        clinic_id,
        preferred_providers: ['prov-b1'],
        appointment_category_id: 'cat-b',
        date_range_start: clinicDate('clinic-b1', 1),
        date_range_end: clinicDate('clinic-b1', 20),
      })
    await expectAnsweredAsUnknown(
      asStaffOf('org-a', body('clinic-b1'), 'pat-a1'),
      asStaffOf('org-a', body('clinic-nope'), 'pat-a1'),
      [UNKNOWN_CLINIC],
    )
  })

  it('answers staff of org-a at clinic-c1 (org-c, no waitlist) as at an unknown clinic, not with its configuration', async () => {
    const body = (clinic_id: string) =>
      validBody({ clinic_id, preferred_providers: [], appointment_category_id: 'cat-c' })
    await expectAnsweredAsUnknown(
      asStaffOf('org-a', body('clinic-c1'), 'pat-a1'),
      asStaffOf('org-a', body('clinic-nope'), 'pat-a1'),
      [UNKNOWN_CLINIC],
    )
  })

  it('answers staff of org-a naming patient pat-b1 exactly as an unknown patient', async () => {
    await expectAnsweredAsUnknown(
      asStaffOf('org-a', validBody(), 'pat-b1'),
      asStaffOf('org-a', validBody(), 'pat-nope'),
      [UNKNOWN_PATIENT],
    )
  })

  it('answers staff of org-b naming patient pat-a1 at their own clinic exactly as an unknown patient', async () => {
    const body = validBody({
      clinic_id: 'clinic-b1',
      preferred_providers: [],
      appointment_category_id: 'cat-b',
      date_range_start: clinicDate('clinic-b1', 1),
      date_range_end: clinicDate('clinic-b1', 20),
    })
    const foreign = await refused(asStaffOf('org-b', body, 'pat-a1'))
    const missing = await refused(asStaffOf('org-b', body, 'pat-nope'))
    expect(foreign.text).to.equal(missing.text)
    expect(foreign.body.errors).to.deep.equal([UNKNOWN_PATIENT])
    for (const word of ['Jane', 'Doe', 'Org A', 'org-a']) expect(foreign.text).not.to.include(word)
  })

  it('answers staff of org-a naming pat-b1 at clinic-b1 as an unknown patient at an unknown clinic', async () => {
    await expectAnsweredAsUnknown(
      asStaffOf('org-a', validBody({ clinic_id: 'clinic-b1' }), 'pat-b1'),
      asStaffOf('org-a', validBody({ clinic_id: 'clinic-nope' }), 'pat-nope'),
      [UNKNOWN_PATIENT, UNKNOWN_CLINIC],
    )
  })

  it('answers a patient of org-a (pat-a1) at clinic-b1 exactly as at an unknown clinic', async () => {
    await expectAnsweredAsUnknown(
      asPatient('pat-a1', validBody({ clinic_id: 'clinic-b1' })),
      asPatient('pat-a1', validBody({ clinic_id: 'clinic-nope' })),
      [UNKNOWN_CLINIC],
    )
  })

  it('answers a patient of org-b (pat-b1) at clinic-a1 exactly as at an unknown clinic', async () => {
    const foreign = await refused(asPatient('pat-b1', validBody({ clinic_id: 'clinic-a1' })))
    const missing = await refused(asPatient('pat-b1', validBody({ clinic_id: 'clinic-nope' })))
    expect(foreign.text).to.equal(missing.text)
    expect(foreign.body.errors).to.deep.equal([UNKNOWN_CLINIC])
    for (const word of ['Maria', 'Lopez', 'Physical Therapy', 'Org A', 'org-a', 'America/New_York']) {
      expect(foreign.text).not.to.include(word)
    }
  })

  it('answers a category of org-b (cat-b) at clinic-a1 exactly as an unknown category', async () => {
    await expectAnsweredAsUnknown(
      asStaffOf('org-a', validBody({ appointment_category_id: 'cat-b', appointment_category: undefined }), 'pat-a1'),
      asStaffOf('org-a', validBody({ appointment_category_id: 'cat-nope', appointment_category: undefined }), 'pat-a1'),
      [UNKNOWN_CATEGORY],
    )
    await expectAnsweredAsUnknown(
      asPatient('pat-a1', validBody({ appointment_category_id: 'cat-b' })),
      asPatient('pat-a1', validBody({ appointment_category_id: 'cat-nope' })),
      [UNKNOWN_CATEGORY],
    )
  })

  it('answers a provider of org-b (prov-b1) at clinic-a1 exactly as an unknown provider', async () => {
    const message = (ids: string) => `preferred_providers contains providers who do not practise at this clinic: ${ids}`
    const foreign = await refused(
      asStaffOf('org-a', validBody({ preferred_providers: ['prov-a1', 'prov-b1'] }), 'pat-a1'),
    )
    const missing = await refused(
      asStaffOf('org-a', validBody({ preferred_providers: ['prov-a1', 'prov-nope'] }), 'pat-a1'),
    )
    expect(foreign.body.errors).to.deep.equal([{ field: 'preferred_providers', message: message('prov-b1') }])
    expect(missing.body.errors).to.deep.equal([{ field: 'preferred_providers', message: message('prov-nope') }])
    // The only difference is the id the caller sent.
    expect(foreign.text.replaceAll('prov-b1', 'ID')).to.equal(missing.text.replaceAll('prov-nope', 'ID'))

    const together = await refused(
      asPatient('pat-a1', validBody({ preferred_providers: ['prov-b1', 'prov-nope', 'prov-a2'] })),
    )
    expect(together.body.errors).to.deep.equal([
      { field: 'preferred_providers', message: message('prov-b1, prov-nope') },
    ])
  })

  it('lets staff of org-b file for pat-b1 at clinic-b1 (201), stored under org-b', async () => {
    const before = await storedCount()
    const answer = await createRequest(
      stack,
      staffToken('org-b', 'STAFF', 'user-org-b'),
      validBody({
        clinic_id: 'clinic-b1',
        preferred_providers: ['prov-b1'],
        appointment_category_id: 'cat-b',
        appointment_category: undefined,
        appointment_type: undefined,
        date_range_start: clinicDate('clinic-b1', 1),
        date_range_end: clinicDate('clinic-b1', 31),
      }),
      '?patient_id=pat-b1',
    )
    expect(answer.status, answer.text).to.equal(201)
    expect(answer.body.data).to.deep.include({
      clinic_id: 'clinic-b1',
      patient_id: 'pat-b1',
      preferred_providers: ['prov-b1'],
      preferred_provider_details: [{ id: 'prov-b1', first_name: 'Ben', last_name: 'Hart', title: 'PT' }],
      appointment_category_id: 'cat-b',
      appointment_category: 'Sports Rehab',
      appointment_type: 'INITIAL_EVAL',
      appointment_duration: 45,
      patient: { id: 'pat-b1', first_name: 'Bea', last_name: 'Brown' },
      created_by: 'user-org-b',
    })
    expect(await storedCount()).to.equal(before + 1)
    const rows = await stack.sequelize.query<{ organization_id: string }>(
      'SELECT organization_id FROM waitlist_requests WHERE id = :id',
      { replacements: { id: answer.body.data.id }, type: QueryTypes.SELECT },
    )
    expect(rows).to.deep.equal([{ organization_id: 'org-b' }])
  })
})
