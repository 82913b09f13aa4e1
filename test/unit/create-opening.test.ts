import { expect } from 'chai'
import * as E from 'fp-ts/Either'
import { validateOpening, type ValidOpening } from '../../shared/openings/create-opening'
import { newOpening, OpeningPayload } from '../../shared/openings/opening-payload'
import type { OpeningId } from '../../shared/openings/opening-id'
import type { FieldError } from '../../shared/errors/field-error'

const NOW = new Date('2026-03-01T12:00:00.000Z')

/** A body with every field; tests override the field they are about. */
const body = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  clinic_id: 'clinic-123',
  provider_id: 'provider-789',
  start: '2026-03-08T10:30:00-04:00',
  duration_minutes: 45,
  appointment_category_ids: ['2058', '2059'],
  external_id: 'pms-appt-991',
  released_by_patient_id: 'patient-555',
  ...overrides,
})

const valueOf = (input: unknown): ValidOpening => {
  const result = validateOpening(input, NOW)
  if (E.isLeft(result)) return expect.fail(`expected the body to pass, got ${JSON.stringify(result.left)}`)
  return result.right
}

const errorsOf = (input: unknown): Array<FieldError> => {
  const result = validateOpening(input, NOW)
  if (E.isRight(result)) return expect.fail(`expected the body to be refused, got ${JSON.stringify(result.right)}`)
  return result.left
}

const START_FORMAT = 'start must be an RFC 3339 date and time with an offset, like 2026-12-01T09:30:00-05:00'
const DURATION_RANGE = 'duration_minutes must be an integer from 5 to 480'

describe('opening body (docs/matching.md)', () => {
  it('decodes the example, with start in UTC', () => {
    expect(valueOf(body())).to.deep.equal({ ...body(), start: '2026-03-08T14:30:00.000Z' })
  })

  it('takes absent or null optional fields as not given, and no categories as any whose duration fits', () => {
    const minimal = body({ appointment_category_ids: null, external_id: undefined, released_by_patient_id: null })
    expect(valueOf(minimal)).to.deep.include({
      appointment_category_ids: [],
      external_id: undefined,
      released_by_patient_id: undefined,
    })
  })

  it('drops repeated categories, keeping the first order', () => {
    expect(
      valueOf(body({ appointment_category_ids: ['2059', '2058', '2059'] })).appointment_category_ids,
    ).to.deep.equal(['2059', '2058'])
  })

  it('ignores unknown and inherited fields', () => {
    const input = Object.assign(Object.create({ clinic_id: 'clinic-x' }) as object, body({ status: 'FILLED' }))
    expect(valueOf(input)).to.not.have.property('status')
    expect(errorsOf(Object.create(body()))[0]?.field).to.equal('clinic_id')
  })

  for (const field of ['clinic_id', 'provider_id', 'start', 'duration_minutes']) {
    it(`requires ${field}`, () => {
      expect(errorsOf(body({ [field]: undefined }))).to.deep.equal([{ field, message: `${field} is required` }])
    })
  }

  const refused: ReadonlyArray<[string, unknown, string]> = [
    ['clinic_id', '', 'clinic_id must be a clinic id'],
    ['provider_id', 'has space', 'provider_id must be a provider id'],
    ['start', '2026-03-08T10:30:00', START_FORMAT],
    ['start', '2026-03-08', START_FORMAT],
    ['start', '2026-02-30T10:30:00Z', START_FORMAT],
    ['start', 1772980200000, START_FORMAT],
    ['duration_minutes', 4, DURATION_RANGE],
    ['duration_minutes', 481, DURATION_RANGE],
    ['duration_minutes', 30.5, DURATION_RANGE],
    ['duration_minutes', '30', DURATION_RANGE],
    ['appointment_category_ids', '2058', 'appointment_category_ids must be an array of at most 50 category ids'],
    ['appointment_category_ids', [''], 'appointment_category_ids must be an array of at most 50 category ids'],
    [
      'appointment_category_ids',
      Array.from({ length: 51 }, (_, i) => `c${i}`),
      'appointment_category_ids must be an array of at most 50 category ids',
    ],
    ['external_id', 'x'.repeat(65), 'external_id must be 1 to 64 printable ASCII characters without spaces'],
    ['released_by_patient_id', 42, 'released_by_patient_id must be a patient id'],
  ]
  for (const [field, value, message] of refused) {
    it(`refuses ${field} = ${JSON.stringify(value)?.slice(0, 40)}`, () => {
      expect(errorsOf(body({ [field]: value }))).to.deep.equal([{ field, message }])
    })
  }

  it('accepts the edges of the duration range', () => {
    expect(valueOf(body({ duration_minutes: 5 })).duration_minutes).to.equal(5)
    expect(valueOf(body({ duration_minutes: 480 })).duration_minutes).to.equal(480)
  })

  it('refuses a start at or before now, and takes one a millisecond after', () => {
    const past = { field: 'start', message: 'start must be in the future' }
    expect(errorsOf(body({ start: '2026-03-01T12:00:00Z' }))).to.deep.equal([past])
    expect(errorsOf(body({ start: '2026-03-01T06:59:59.999-05:00' }))).to.deep.equal([past])
    expect(valueOf(body({ start: '2026-03-01T12:00:00.001Z' })).start).to.equal('2026-03-01T12:00:00.001Z')
  })

  it('reports every bad field at once, in the documented order, a past start among them', () => {
    const bad = {
      released_by_patient_id: '',
      external_id: ' ',
      appointment_category_ids: [1],
      duration_minutes: 0,
      start: '2020-01-01T00:00:00Z',
      provider_id: null,
    }
    expect(errorsOf(body(bad)).map((error) => error.field)).to.deep.equal([
      'provider_id',
      'start',
      'duration_minutes',
      'appointment_category_ids',
      'external_id',
      'released_by_patient_id',
    ])
    expect(errorsOf({}).map((error) => error.message)).to.deep.equal([
      'clinic_id is required',
      'provider_id is required',
      'start is required',
      'duration_minutes is required',
    ])
  })

  for (const input of [null, [], 'body', 7]) {
    it(`refuses ${JSON.stringify(input)} as a body`, () => {
      expect(errorsOf(input)).to.deep.equal([{ field: 'body', message: 'request body must be a JSON object' }])
    })
  }
})

describe('new opening payload', () => {
  const id = '0b6f0e2c-8a1d-4e3b-9c47-2f5d6a7b8c9d' as OpeningId

  it('is OPEN, ends duration_minutes of elapsed time after its start, and says who made it when', () => {
    // 01:30 EST + 60 minutes is 03:30 EDT: one hour passes, though the wall clock moves two.
    const opening = valueOf(body({ start: '2026-03-08T01:30:00-05:00', duration_minutes: 60, external_id: null }))
    const payload = newOpening({ id, opening, created_by: 'staff-1', now: NOW })
    expect(payload).to.deep.equal({
      id,
      clinic_id: 'clinic-123',
      provider_id: 'provider-789',
      start: '2026-03-08T06:30:00.000Z',
      end: '2026-03-08T07:30:00.000Z',
      duration_minutes: 60,
      appointment_category_ids: ['2058', '2059'],
      external_id: null,
      released_by_patient_id: 'patient-555',
      status: 'OPEN',
      created_at: '2026-03-01T12:00:00.000Z',
      created_by: 'staff-1',
    })
    expect(OpeningPayload.is(payload)).to.equal(true)
    expect(OpeningPayload.decode(JSON.parse(JSON.stringify(payload)))).to.deep.equal(E.right(payload))
  })
})
