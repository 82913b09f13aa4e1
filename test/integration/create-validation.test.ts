import { expect } from 'chai'
import { DateTime } from 'luxon'
import { QueryTypes } from 'sequelize'
import { createRequest, startStack, type ApiAnswer, type TestStack } from '../support/stack'
import { clinicDate, validBody } from '../support/fixtures'
import { patientToken, staffToken } from '../support/tokens'

interface ExpectedError {
  readonly field: string
  readonly message: string
}

const DATE_RANGE_REVERSED = 'date_range_end must be on or after date_range_start'
const WAITLIST_NOT_CONFIGURED = 'waitlist feature not configured for this organization'
const BAD_DATE = (field: string) => `${field} must be a real date in YYYY-MM-DD format`
const BAD_TIME_SLOTS = 'preferred_time_slots must be an array of MORNING, AFTERNOON, EVENING, ANYTIME'
const BAD_DAYS = 'preferred_days must be an array of MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY'
const BAD_PAYMENT_TYPE = 'payment_type must be one of SELF_PAY, INSURANCE_PAY'
const BAD_PRIORITY = 'priority must be an integer from 1 to 5'
const BAD_NOTES = 'notes must be a string of at most 2000 characters, without NUL characters or unpaired surrogates'
const BAD_APPOINTMENT_TYPE = 'appointment_type must be one of Initial Evaluation, Follow Up, INITIAL_EVAL, FOLLOW_UP'
const CATEGORY_NOT_OFFERED = 'appointment_category_id does not name a category offered at this clinic'
const PROVIDERS_NOT_PRACTISING = (ids: string) =>
  `preferred_providers contains providers who do not practise at this clinic: ${ids}`
const STAFF_NEEDS_PATIENT = 'patient_id query parameter is required for staff requests'

/** `date` moved by `days` on the calendar. */
const shift = (date: string, days: number): string => DateTime.fromISO(date).plus({ days }).toISODate() ?? ''

describe('POST /apis/v1/waitlist-requests: every 400 rule, through HTTP', () => {
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

  /**
   * Sends one request expected to be refused: checks the 400 envelope, that
   * `message` is the first error's, and that nothing was written. Returns the errors.
   */
  const rejected = async (send: () => Promise<ApiAnswer>): Promise<ExpectedError[]> => {
    const before = await storedCount()
    const answer = await send()
    expect(answer.status, answer.text).to.equal(400)
    expect(answer.body, answer.text).to.have.all.keys('code', 'message', 'data', 'errors')
    expect(answer.body.code).to.equal(4000)
    expect(answer.body.data).to.equal(null)
    expect(answer.body.errors, answer.text).to.be.an('array').that.is.not.empty
    expect(answer.body.message, answer.text).to.equal(answer.body.errors[0].message)
    expect(await storedCount(), 'rows in waitlist_requests after a refused request').to.equal(before)
    return answer.body.errors
  }

  const expectErrors = async (send: () => Promise<ApiAnswer>, errors: ExpectedError[]): Promise<void> => {
    expect(await rejected(send)).to.deep.equal(errors)
  }

  const accepted = async (send: () => Promise<ApiAnswer>): Promise<ApiAnswer> => {
    const before = await storedCount()
    const answer = await send()
    expect(answer.status, answer.text).to.equal(201)
    expect(await storedCount()).to.equal(before + 1)
    return answer
  }

  const asPatient =
    (body: unknown, patientId = 'pat-a1') =>
    () =>
      createRequest(stack, patientToken(patientId), body)
  const asStaff =
    (body: unknown, query = '?patient_id=pat-a1', orgId = 'org-a', role = 'STAFF') =>
    () =>
      createRequest(stack, staffToken(orgId, role), body, query)

  const without = (field: string): Record<string, unknown> => {
    const body = validBody()
    delete body[field]
    return body
  }

  describe('required fields', () => {
    const requiredFields = [
      'clinic_id',
      'date_range_start',
      'date_range_end',
      'appointment_category_id',
      'payment_type',
    ]

    for (const field of requiredFields) {
      it(`refuses a body without ${field}, or with ${field}: null, as "${field} is required"`, async () => {
        await expectErrors(asPatient(without(field)), [{ field, message: `${field} is required` }])
        await expectErrors(asPatient(validBody({ [field]: null })), [{ field, message: `${field} is required` }])
      })
    }

    it('reports every missing required field at once, in the API page order', async () => {
      await expectErrors(
        asPatient({}),
        requiredFields.map((field) => ({ field, message: `${field} is required` })),
      )
    })

    it('refuses a body that is not a JSON object', async () => {
      await expectErrors(asPatient([validBody()]), [{ field: 'body', message: 'request body must be a JSON object' }])
    })
  })

  describe('identifiers and labels', () => {
    for (const value of [42, '', 'has space', 'x'.repeat(65), ['clinic-a1']]) {
      it(`refuses clinic_id ${JSON.stringify(value).slice(0, 20)} as not a clinic id`, async () => {
        await expectErrors(asPatient(validBody({ clinic_id: value })), [
          { field: 'clinic_id', message: 'clinic_id must be a clinic id' },
        ])
      })
    }

    it('refuses a numeric appointment_category_id', async () => {
      await expectErrors(asPatient(validBody({ appointment_category_id: 2058 })), [
        { field: 'appointment_category_id', message: 'appointment_category_id must be a category id' },
      ])
    })

    for (const value of [['prov-a1', 7], 'prov-a1', Array.from({ length: 51 }, (_, i) => `prov-${i}`)]) {
      it(`refuses preferred_providers ${JSON.stringify(value).slice(0, 30)}`, async () => {
        await expectErrors(asPatient(validBody({ preferred_providers: value })), [
          { field: 'preferred_providers', message: 'preferred_providers must be an array of at most 50 provider ids' },
        ])
      })
    }

    for (const value of ['   ', 'x'.repeat(201), 12]) {
      it(`refuses appointment_category ${JSON.stringify(value).slice(0, 20)}`, async () => {
        await expectErrors(asPatient(validBody({ appointment_category: value })), [
          {
            field: 'appointment_category',
            message:
              'appointment_category must be a non-blank string of at most 200 characters, without NUL characters or unpaired surrogates',
          },
        ])
      })
    }
  })

  describe('dates', () => {
    it(`refuses an end before the start with exactly "${DATE_RANGE_REVERSED}"`, async () => {
      const errors = await rejected(
        asPatient(
          validBody({ date_range_start: clinicDate('clinic-a1', 10), date_range_end: clinicDate('clinic-a1', 9) }),
        ),
      )
      expect(errors).to.deep.equal([{ field: 'date_range_end', message: DATE_RANGE_REVERSED }])
    })

    const notDates: unknown[] = [
      '2027-02-29',
      '2026-02-30',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-05-00',
      '2026-5-15',
      '15/05/2026',
      '2026-05-15T00:00:00Z',
      ' 2026-05-15',
      20260515,
    ]
    for (const field of ['date_range_start', 'date_range_end']) {
      for (const value of notDates) {
        it(`refuses ${field} ${JSON.stringify(value)} as not a real YYYY-MM-DD date`, async () => {
          await expectErrors(asPatient(validBody({ [field]: value })), [{ field, message: BAD_DATE(field) }])
        })
      }
    }

    it('accepts an end equal to the start', async () => {
      const day = clinicDate('clinic-a1', 3)
      await accepted(asPatient(validBody({ date_range_start: day, date_range_end: day })))
    })
  })

  describe('enumerations', () => {
    for (const value of [['morning'], ['NIGHT'], 'MORNING', ['MORNING', 1], [null]]) {
      it(`refuses preferred_time_slots ${JSON.stringify(value)}`, async () => {
        await expectErrors(asPatient(validBody({ preferred_time_slots: value })), [
          { field: 'preferred_time_slots', message: BAD_TIME_SLOTS },
        ])
      })
    }

    for (const value of [['Monday'], ['MON'], 'MONDAY', ['FUNDAY'], [1]]) {
      it(`refuses preferred_days ${JSON.stringify(value)}`, async () => {
        await expectErrors(asPatient(validBody({ preferred_days: value })), [
          { field: 'preferred_days', message: BAD_DAYS },
        ])
      })
    }

    for (const value of ['insurance_pay', 'Insurance_Pay', 'self_pay', 'SELF PAY', 'CASH', '', 1, ['SELF_PAY']]) {
      it(`refuses payment_type ${JSON.stringify(value)} (case-sensitive)`, async () => {
        await expectErrors(asPatient(validBody({ payment_type: value })), [
          { field: 'payment_type', message: BAD_PAYMENT_TYPE },
        ])
      })
    }

    for (const value of ['Consultation', 'INITIAL', 'Initial-Evaluations', 5]) {
      it(`refuses appointment_type ${JSON.stringify(value)}`, async () => {
        await expectErrors(asPatient(validBody({ appointment_type: value })), [
          { field: 'appointment_type', message: BAD_APPOINTMENT_TYPE },
        ])
      })
    }
  })

  describe('priority and notes', () => {
    for (const value of [0, 6, 2.5, '2', -1, true]) {
      it(`refuses priority ${JSON.stringify(value)}`, async () => {
        await expectErrors(asPatient(validBody({ priority: value })), [{ field: 'priority', message: BAD_PRIORITY }])
      })
    }

    it('accepts priorities 1 and 5, the ends of the range', async () => {
      await accepted(asPatient(validBody({ priority: 1 })))
      await accepted(asPatient(validBody({ priority: 5 })))
    })

    it('refuses notes of 2001 characters, and notes that are not a string', async () => {
      await expectErrors(asPatient(validBody({ notes: 'n'.repeat(2001) })), [{ field: 'notes', message: BAD_NOTES }])
      await expectErrors(asPatient(validBody({ notes: 42 })), [{ field: 'notes', message: BAD_NOTES }])
    })

    it('accepts notes of exactly 2000 characters', async () => {
      const answer = await accepted(asPatient(validBody({ notes: 'n'.repeat(2000) })))
      expect(answer.body.data.notes).to.have.length(2000)
    })
  })

  describe('waitlist configuration of the organization', () => {
    it(`refuses org-c (waitlist null) with exactly "${WAITLIST_NOT_CONFIGURED}"`, async () => {
      const body = validBody({ clinic_id: 'clinic-c1', preferred_providers: [], appointment_category_id: 'cat-c' })
      const expected = [{ field: 'clinic_id', message: WAITLIST_NOT_CONFIGURED }]
      await expectErrors(asPatient(body, 'pat-c1'), expected)
      await expectErrors(asStaff(body, '?patient_id=pat-c1', 'org-c'), expected)
    })

    it('refuses org-d (waitlist disabled) with the same message', async () => {
      const body = validBody({ clinic_id: 'clinic-d1', preferred_providers: [], appointment_category_id: 'cat-d' })
      const expected = [{ field: 'clinic_id', message: WAITLIST_NOT_CONFIGURED }]
      await expectErrors(asPatient(body, 'pat-d1'), expected)
      await expectErrors(asStaff(body, '?patient_id=pat-d1', 'org-d'), expected)
    })
  })

  describe('maximum span', () => {
    const orgB = (days: number) =>
      asStaff(
        validBody({
          clinic_id: 'clinic-b1',
          preferred_providers: ['prov-b1'],
          appointment_category_id: 'cat-b',
          date_range_start: clinicDate('clinic-b1', 1),
          date_range_end: clinicDate('clinic-b1', 1 + days),
        }),
        '?patient_id=pat-b1',
        'org-b',
      )
    const orgA = (days: number) =>
      asPatient(
        validBody({ date_range_start: clinicDate('clinic-a1', 2), date_range_end: clinicDate('clinic-a1', 2 + days) }),
      )

    it('org-b (default span 30): accepts 30 days', async () => {
      await accepted(orgB(30))
    })

    it('org-b (default span 30): refuses 31 days', async () => {
      await expectErrors(orgB(31), [
        { field: 'date_range_end', message: 'date_range_end must be at most 30 days after date_range_start' },
      ])
    })

    it('org-a (span 60): accepts 60 days', async () => {
      await accepted(orgA(60))
    })

    it('org-a (span 60): refuses 61 days', async () => {
      await expectErrors(orgA(61), [
        { field: 'date_range_end', message: 'date_range_end must be at most 60 days after date_range_start' },
      ])
    })
  })

  describe("start before today on the clinic's calendar", () => {
    const atClinic = (clinicId: string, start: string) =>
      asPatient(
        validBody({
          clinic_id: clinicId,
          preferred_providers: ['prov-a2'],
          date_range_start: start,
          date_range_end: shift(start, 5),
        }),
      )

    const expectStartRefused = async (send: () => Promise<ApiAnswer>) => {
      const errors = await rejected(send)
      expect(errors).to.have.length(1)
      expect(errors[0]?.field).to.equal('date_range_start')
      expect(errors[0]?.message).to.match(/^date_range_start must be today/)
    }

    for (const [clinicId, zone] of [
      ['clinic-a2', 'Pacific/Kiritimati, UTC+14'],
      ['clinic-a3', 'Pacific/Pago_Pago, UTC-11'],
    ] as const) {
      it(`${clinicId} (${zone}): accepts today in its zone`, async () => {
        await accepted(atClinic(clinicId, clinicDate(clinicId, 0)))
      })

      it(`${clinicId} (${zone}): refuses yesterday in its zone`, async () => {
        await expectStartRefused(atClinic(clinicId, clinicDate(clinicId, -1)))
      })
    }

    it("judges by the clinic's zone: Kiritimati's yesterday is still today or later in Pago Pago", async () => {
      // Kiritimati runs 25 hours ahead of Pago Pago, so its date is always one or two days later.
      await accepted(atClinic('clinic-a3', clinicDate('clinic-a2', -1)))
    })

    it("judges by the clinic's zone: Pago Pago's today is already past in Kiritimati", async () => {
      await expectStartRefused(atClinic('clinic-a2', clinicDate('clinic-a3', 0)))
    })
  })

  describe('reference data', () => {
    it('refuses a category not offered at the clinic (cat-follow at clinic-a2)', async () => {
      await expectErrors(
        asPatient(
          validBody({ clinic_id: 'clinic-a2', preferred_providers: [], appointment_category_id: 'cat-follow' }),
        ),
        [{ field: 'appointment_category_id', message: CATEGORY_NOT_OFFERED }],
      )
    })

    it('refuses an unknown category', async () => {
      await expectErrors(asPatient(validBody({ appointment_category_id: 'cat-nope' })), [
        { field: 'appointment_category_id', message: CATEGORY_NOT_OFFERED },
      ])
    })

    it('refuses unknown providers and providers not practising at the clinic, listing them in order', async () => {
      await expectErrors(
        asPatient(validBody({ preferred_providers: ['prov-a3', 'prov-nope', 'prov-a1', 'prov-zzz', 'prov-nope'] })),
        [{ field: 'preferred_providers', message: PROVIDERS_NOT_PRACTISING('prov-a3, prov-nope, prov-zzz') }],
      )
    })

    it('refuses an unknown patient named by staff', async () => {
      await expectErrors(asStaff(validBody(), '?patient_id=pat-nope'), [
        { field: 'patient_id', message: 'patient_id does not name a known patient' },
      ])
    })

    for (const role of ['CLINICIAN', 'STAFF', 'ADMIN']) {
      it(`refuses ${role} without the patient_id query parameter, or with it empty`, async () => {
        const expected = [{ field: 'patient_id', message: STAFF_NEEDS_PATIENT }]
        await expectErrors(asStaff(validBody(), '', 'org-a', role), expected)
        await expectErrors(asStaff(validBody(), '?patient_id=', 'org-a', role), expected)
      })
    }

    it('refuses a repeated patient_id query parameter', async () => {
      await expectErrors(asStaff(validBody(), '?patient_id=pat-a1&patient_id=pat-a2'), [
        { field: 'patient_id', message: 'patient_id must be a patient id' },
      ])
    })
  })

  describe('several failures at once', () => {
    it('reports bad priority, reversed dates and bad payment_type together, in the API page order', async () => {
      await expectErrors(
        asPatient(
          validBody({
            date_range_start: clinicDate('clinic-a1', 10),
            date_range_end: clinicDate('clinic-a1', 5),
            payment_type: 'insurance_pay',
            priority: 0,
          }),
        ),
        [
          { field: 'date_range_end', message: DATE_RANGE_REVERSED },
          { field: 'payment_type', message: BAD_PAYMENT_TYPE },
          { field: 'priority', message: BAD_PRIORITY },
        ],
      )
    })

    it('reports format failures across the body in the API page order', async () => {
      const body = validBody({ preferred_time_slots: ['NIGHT'], notes: 'n'.repeat(2001), appointment_type: 'x' })
      delete body['clinic_id']
      await expectErrors(asPatient(body), [
        { field: 'clinic_id', message: 'clinic_id is required' },
        { field: 'preferred_time_slots', message: BAD_TIME_SLOTS },
        { field: 'appointment_type', message: BAD_APPOINTMENT_TYPE },
        { field: 'notes', message: BAD_NOTES },
      ])
    })

    it('reports a missing patient_id for staff together with body failures, patient_id first', async () => {
      await expectErrors(asStaff(validBody({ priority: 9 }), ''), [
        { field: 'patient_id', message: STAFF_NEEDS_PATIENT },
        { field: 'priority', message: BAD_PRIORITY },
      ])
    })

    it('reports every reference-data failure together, in the API page order', async () => {
      const start = clinicDate('clinic-a1', -1)
      await expectErrors(
        asStaff(
          validBody({
            preferred_providers: ['prov-nope'],
            date_range_start: start,
            date_range_end: shift(start, 61),
            appointment_category_id: 'cat-nope',
          }),
          '?patient_id=pat-nope',
        ),
        [
          { field: 'patient_id', message: 'patient_id does not name a known patient' },
          { field: 'preferred_providers', message: PROVIDERS_NOT_PRACTISING('prov-nope') },
          {
            field: 'date_range_start',
            message: `date_range_start must be today (${clinicDate('clinic-a1', 0)} in the clinic's time zone) or later`,
          },
          { field: 'date_range_end', message: 'date_range_end must be at most 60 days after date_range_start' },
          { field: 'appointment_category_id', message: CATEGORY_NOT_OFFERED },
        ],
      )
    })
  })
})
