import { expect } from 'chai'
import * as E from 'fp-ts/Either'
import * as fc from 'fast-check'
import { decodeWithFieldErrors, type FieldError } from '../../shared/errors/field-error'
import {
  CREATE_REQUEST_FIELDS,
  CreateWaitlistRequest,
  PREFERRED_PROVIDERS_MAX,
  type ValidCreateRequest,
} from '../../shared/waitlist-request/create-waitlist-request'
import { PAYMENT_TYPES, TIME_SLOTS, WEEKDAYS } from '../../shared/waitlist-request/enums'
import { DATE_RANGE_REVERSED } from '../../shared/waitlist-request/messages'

const decode = decodeWithFieldErrors(CreateWaitlistRequest)

/** The API page's example body; tests override the field they are about. */
const exampleBody = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  clinic_id: 'clinic-123',
  preferred_providers: ['provider-789', 'provider-012'],
  preferred_time_slots: ['MORNING', 'AFTERNOON'],
  preferred_days: ['MONDAY', 'WEDNESDAY', 'FRIDAY'],
  date_range_start: '2026-05-15',
  date_range_end: '2026-06-15',
  appointment_category_id: '2058',
  appointment_category: 'Physical Therapy',
  appointment_type: 'Initial Evaluation',
  payment_type: 'INSURANCE_PAY',
  priority: 3,
  notes: 'Patient prefers morning appointments',
  ...overrides,
})

/** Only the fields the API page marks required. */
const minimalBody = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  clinic_id: 'clinic-123',
  date_range_start: '2026-05-15',
  date_range_end: '2026-05-20',
  appointment_category_id: '2058',
  payment_type: 'SELF_PAY',
  ...overrides,
})

const without = (body: Record<string, unknown>, field: string): Record<string, unknown> =>
  Object.fromEntries(Object.entries(body).filter(([key]) => key !== field))

const valueOf = (input: unknown): ValidCreateRequest => {
  const result = decode(input)
  if (E.isLeft(result)) return expect.fail(`expected the body to decode, got ${JSON.stringify(result.left)}`)
  return result.right
}

const errorsOf = (input: unknown): Array<FieldError> => {
  const result = decode(input)
  if (E.isRight(result)) return expect.fail(`expected the body to be refused, got ${JSON.stringify(result.right)}`)
  return result.left
}

/** Keys whose value is undefined are the same as absent ones once written as JSON. */
const defined = (value: object): Record<string, unknown> =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined))

const REQUIRED_FIELDS = [
  'clinic_id',
  'date_range_start',
  'date_range_end',
  'appointment_category_id',
  'payment_type',
] as const

const OPTIONAL_FIELDS = [
  'preferred_providers',
  'preferred_time_slots',
  'preferred_days',
  'appointment_category',
  'appointment_type',
  'priority',
  'notes',
] as const

const DATE_FORMAT = (field: string) => `${field} must be a real date in YYYY-MM-DD format`
const TIME_SLOTS_RULE = 'preferred_time_slots must be an array of MORNING, AFTERNOON, EVENING, ANYTIME'
const DAYS_RULE = 'preferred_days must be an array of MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY'
const PROVIDERS_RULE = `preferred_providers must be an array of at most ${PREFERRED_PROVIDERS_MAX} provider ids`
const PAYMENT_RULE = 'payment_type must be one of SELF_PAY, INSURANCE_PAY'
const PRIORITY_RULE = 'priority must be an integer from 1 to 5'
const NOTES_RULE = 'notes must be a string of at most 2000 characters, without NUL characters or unpaired surrogates'
const LABEL_RULE =
  'appointment_category must be a non-blank string of at most 200 characters, without NUL characters or unpaired surrogates'
const TYPE_RULE = 'appointment_type must be one of Initial Evaluation, Follow Up, INITIAL_EVAL, FOLLOW_UP'

describe('CreateWaitlistRequest (body of POST /apis/v1/waitlist-requests)', () => {
  describe('valid bodies', () => {
    it("decodes the API page's example, storing appointment_type as INITIAL_EVAL", () => {
      expect(valueOf(exampleBody())).to.deep.equal({
        clinic_id: 'clinic-123',
        preferred_providers: ['provider-789', 'provider-012'],
        preferred_time_slots: ['MORNING', 'AFTERNOON'],
        preferred_days: ['MONDAY', 'WEDNESDAY', 'FRIDAY'],
        date_range_start: '2026-05-15',
        date_range_end: '2026-06-15',
        appointment_category_id: '2058',
        appointment_category: 'Physical Therapy',
        appointment_type: 'INITIAL_EVAL',
        payment_type: 'INSURANCE_PAY',
        priority: 3,
        notes: 'Patient prefers morning appointments',
      })
    })

    it('accepts a body with only the required fields: arrays default to [], priority to 3, the rest stays unset', () => {
      const value = valueOf(minimalBody())
      expect(defined(value)).to.deep.equal({
        clinic_id: 'clinic-123',
        preferred_providers: [],
        preferred_time_slots: [],
        preferred_days: [],
        date_range_start: '2026-05-15',
        date_range_end: '2026-05-20',
        appointment_category_id: '2058',
        payment_type: 'SELF_PAY',
        priority: 3,
      })
      expect(value.appointment_category).to.equal(undefined)
      expect(value.appointment_type).to.equal(undefined)
      expect(value.notes).to.equal(undefined)
    })

    it('lists the fields in the API page order', () => {
      expect(CREATE_REQUEST_FIELDS).to.deep.equal([
        'clinic_id',
        'preferred_providers',
        'preferred_time_slots',
        'preferred_days',
        'date_range_start',
        'date_range_end',
        'appointment_category_id',
        'appointment_category',
        'appointment_type',
        'payment_type',
        'priority',
        'notes',
      ])
    })
  })

  describe('required fields', () => {
    for (const field of REQUIRED_FIELDS) {
      it(`refuses a body without ${field} with "${field} is required"`, () => {
        expect(errorsOf(without(exampleBody(), field))).to.deep.equal([{ field, message: `${field} is required` }])
      })

      it(`treats ${field}: null as missing ("${field} is required")`, () => {
        expect(errorsOf(exampleBody({ [field]: null }))).to.deep.equal([{ field, message: `${field} is required` }])
      })
    }

    it('reports every missing required field of an empty object, in the API page order', () => {
      expect(errorsOf({})).to.deep.equal(REQUIRED_FIELDS.map((field) => ({ field, message: `${field} is required` })))
    })

    for (const field of OPTIONAL_FIELDS) {
      it(`accepts a body without the optional ${field}`, () => {
        expect(E.isRight(decode(without(exampleBody(), field)))).to.equal(true)
      })
    }
  })

  describe('clinic_id and appointment_category_id', () => {
    const badIds: ReadonlyArray<unknown> = [
      '',
      ' clinic',
      'clinic 1',
      'clinic\t',
      'x'.repeat(65),
      'clïnic',
      123,
      true,
      [],
      {},
    ]

    for (const id of badIds) {
      it(`refuses clinic_id ${JSON.stringify(id)} with "clinic_id must be a clinic id"`, () => {
        expect(errorsOf(exampleBody({ clinic_id: id }))).to.deep.equal([
          { field: 'clinic_id', message: 'clinic_id must be a clinic id' },
        ])
      })
    }

    it('refuses a bad appointment_category_id with "appointment_category_id must be a category id"', () => {
      for (const id of badIds) {
        expect(errorsOf(exampleBody({ appointment_category_id: id }))).to.deep.equal([
          { field: 'appointment_category_id', message: 'appointment_category_id must be a category id' },
        ])
      }
    })

    it('accepts ids of printable ASCII up to 64 characters, kept exactly', () => {
      const id = 'a'.repeat(63) + '~'
      expect(valueOf(exampleBody({ clinic_id: id, appointment_category_id: '!#$%' }))).to.include({
        clinic_id: id,
        appointment_category_id: '!#$%',
      })
    })
  })

  describe('dates', () => {
    it('accepts date_range_end equal to date_range_start', () => {
      expect(valueOf(exampleBody({ date_range_start: '2026-05-15', date_range_end: '2026-05-15' }))).to.include({
        date_range_start: '2026-05-15',
        date_range_end: '2026-05-15',
      })
    })

    it('refuses date_range_end before date_range_start with exactly the documented message', () => {
      expect(DATE_RANGE_REVERSED).to.equal('date_range_end must be on or after date_range_start')
      expect(errorsOf(exampleBody({ date_range_start: '2026-05-15', date_range_end: '2026-05-14' }))).to.deep.equal([
        { field: 'date_range_end', message: 'date_range_end must be on or after date_range_start' },
      ])
    })

    it('compares dates across month and year boundaries', () => {
      expect(errorsOf(exampleBody({ date_range_start: '2027-01-01', date_range_end: '2026-12-31' }))).to.deep.equal([
        { field: 'date_range_end', message: DATE_RANGE_REVERSED },
      ])
      expect(E.isRight(decode(exampleBody({ date_range_start: '2026-12-31', date_range_end: '2027-01-01' })))).to.equal(
        true,
      )
    })

    const notDates: ReadonlyArray<unknown> = [
      '2026-02-30',
      '2026-02-29',
      '2026-13-01',
      '2026-00-10',
      '2026-04-31',
      '2026-05-00',
      '2026-2-3',
      '2026-05-5',
      '26-05-15',
      '2026/05/15',
      '20260515',
      '2026-05-15T00:00:00Z',
      '2026-05-15T00:00',
      ' 2026-05-15',
      '2026-05-15 ',
      '',
      '+02026-05-15',
      20260515,
      1778803200000,
      ['2026-05-15'],
    ]

    for (const value of notDates) {
      it(`refuses date_range_start ${JSON.stringify(value)} as not a real YYYY-MM-DD date`, () => {
        expect(errorsOf(exampleBody({ date_range_start: value, date_range_end: '2026-06-15' }))).to.deep.equal([
          { field: 'date_range_start', message: DATE_FORMAT('date_range_start') },
        ])
      })
    }

    it('refuses a date_range_end that is not a real YYYY-MM-DD date, with its own message', () => {
      for (const value of notDates) {
        expect(errorsOf(exampleBody({ date_range_end: value }))).to.deep.equal([
          { field: 'date_range_end', message: DATE_FORMAT('date_range_end') },
        ])
      }
    })

    it('accepts 29 February in a leap year only', () => {
      expect(E.isRight(decode(exampleBody({ date_range_start: '2028-02-29', date_range_end: '2028-03-01' })))).to.equal(
        true,
      )
      expect(errorsOf(exampleBody({ date_range_start: '2027-02-29', date_range_end: '2027-03-01' }))).to.deep.equal([
        { field: 'date_range_start', message: DATE_FORMAT('date_range_start') },
      ])
    })

    it('does not also claim the order is wrong when a date is malformed', () => {
      expect(errorsOf(exampleBody({ date_range_start: '2026-06-15', date_range_end: '2026-02-30' }))).to.deep.equal([
        { field: 'date_range_end', message: DATE_FORMAT('date_range_end') },
      ])
    })

    it('accepts any pair of real dates exactly when end is on or after start (property)', () => {
      const isoDate = fc
        .date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10))
      fc.assert(
        fc.property(isoDate, isoDate, (start, end) => {
          const result = decode(exampleBody({ date_range_start: start, date_range_end: end }))
          if (end >= start) return E.isRight(result)
          return (
            E.isLeft(result) &&
            JSON.stringify(result.left) === JSON.stringify([{ field: 'date_range_end', message: DATE_RANGE_REVERSED }])
          )
        }),
      )
    })
  })

  describe('enums', () => {
    it('accepts each payment_type exactly as listed', () => {
      for (const paymentType of PAYMENT_TYPES) {
        expect(valueOf(exampleBody({ payment_type: paymentType })).payment_type).to.equal(paymentType)
      }
    })

    for (const value of [
      'self_pay',
      'Self_Pay',
      'INSURANCE',
      ' SELF_PAY',
      'SELF-PAY',
      '',
      0,
      ['SELF_PAY'],
      'toString',
    ]) {
      it(`refuses payment_type ${JSON.stringify(value)} (exact case, exact spelling)`, () => {
        expect(errorsOf(exampleBody({ payment_type: value }))).to.deep.equal([
          { field: 'payment_type', message: PAYMENT_RULE },
        ])
      })
    }

    it('accepts every time slot and every weekday exactly as listed', () => {
      const value = valueOf(exampleBody({ preferred_time_slots: [...TIME_SLOTS], preferred_days: [...WEEKDAYS] }))
      expect(value.preferred_time_slots).to.deep.equal([...TIME_SLOTS])
      expect(value.preferred_days).to.deep.equal([...WEEKDAYS])
    })

    for (const value of [
      ['morning'],
      ['Morning'],
      ['NIGHT'],
      ['MORNING', 'night'],
      [1],
      'MORNING',
      { 0: 'MORNING' },
      ['constructor'],
    ]) {
      it(`refuses preferred_time_slots ${JSON.stringify(value)}`, () => {
        expect(errorsOf(exampleBody({ preferred_time_slots: value }))).to.deep.equal([
          { field: 'preferred_time_slots', message: TIME_SLOTS_RULE },
        ])
      })
    }

    for (const value of [['monday'], ['Monday'], ['MON'], ['MONDAY', 'FUNDAY'], 'MONDAY', [null], ['__proto__']]) {
      it(`refuses preferred_days ${JSON.stringify(value)}`, () => {
        expect(errorsOf(exampleBody({ preferred_days: value }))).to.deep.equal([
          { field: 'preferred_days', message: DAYS_RULE },
        ])
      })
    }
  })

  describe('arrays', () => {
    it('accepts empty arrays as "no preference"', () => {
      const value = valueOf(exampleBody({ preferred_providers: [], preferred_time_slots: [], preferred_days: [] }))
      expect(value.preferred_providers).to.deep.equal([])
      expect(value.preferred_time_slots).to.deep.equal([])
      expect(value.preferred_days).to.deep.equal([])
    })

    it('drops repeated providers, keeping the order of first occurrence', () => {
      expect(
        valueOf(exampleBody({ preferred_providers: ['p-2', 'p-1', 'p-2', 'p-3', 'p-1'] })).preferred_providers,
      ).to.deep.equal(['p-2', 'p-1', 'p-3'])
    })

    it('drops repeated time slots, keeping the order of first occurrence', () => {
      expect(
        valueOf(exampleBody({ preferred_time_slots: ['EVENING', 'MORNING', 'EVENING'] })).preferred_time_slots,
      ).to.deep.equal(['EVENING', 'MORNING'])
    })

    it('drops repeated days, keeping the order of first occurrence', () => {
      expect(
        valueOf(exampleBody({ preferred_days: ['FRIDAY', 'MONDAY', 'FRIDAY', 'MONDAY'] })).preferred_days,
      ).to.deep.equal(['FRIDAY', 'MONDAY'])
    })

    it('dedupes any list of days to its first occurrences, in order (property)', () => {
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...WEEKDAYS), { maxLength: 7 }), (days) => {
          const expected = days.filter((day, index) => days.indexOf(day) === index)
          return (
            JSON.stringify(valueOf(exampleBody({ preferred_days: days })).preferred_days) === JSON.stringify(expected)
          )
        }),
      )
    })

    it(`accepts ${PREFERRED_PROVIDERS_MAX} distinct preferred providers`, () => {
      const ids = Array.from({ length: PREFERRED_PROVIDERS_MAX }, (_, i) => `p-${i}`)
      expect(valueOf(exampleBody({ preferred_providers: ids })).preferred_providers).to.deep.equal(ids)
    })

    it(`refuses ${PREFERRED_PROVIDERS_MAX + 1} distinct preferred providers`, () => {
      const ids = Array.from({ length: PREFERRED_PROVIDERS_MAX + 1 }, (_, i) => `p-${i}`)
      expect(errorsOf(exampleBody({ preferred_providers: ids }))).to.deep.equal([
        { field: 'preferred_providers', message: PROVIDERS_RULE },
      ])
    })

    for (const value of [['ok', ''], ['has space'], [42], 'provider-789', { id: 'provider-789' }]) {
      it(`refuses preferred_providers ${JSON.stringify(value)}`, () => {
        expect(errorsOf(exampleBody({ preferred_providers: value }))).to.deep.equal([
          { field: 'preferred_providers', message: PROVIDERS_RULE },
        ])
      })
    }

    it('refuses more time slots or days than there are distinct values', () => {
      expect(errorsOf(exampleBody({ preferred_time_slots: [...TIME_SLOTS, 'NIGHT'] }))).to.deep.equal([
        { field: 'preferred_time_slots', message: TIME_SLOTS_RULE },
      ])
      expect(errorsOf(exampleBody({ preferred_days: [...WEEKDAYS, 'FUNDAY'] }))).to.deep.equal([
        { field: 'preferred_days', message: DAYS_RULE },
      ])
    })

    // docs/contract.md#body-fields: repeats dropped, order kept. A list of valid values whose
    // repeats push it past the number of distinct values is still valid once
    // the repeats are dropped: the cap counts distinct values.
    it('drops repeats before applying the cap on time slots and days (docs/contract.md#body-fields)', () => {
      expect(
        valueOf(exampleBody({ preferred_time_slots: ['MORNING', 'MORNING', 'AFTERNOON', 'EVENING', 'ANYTIME'] }))
          .preferred_time_slots,
      ).to.deep.equal(['MORNING', 'AFTERNOON', 'EVENING', 'ANYTIME'])
      expect(valueOf(exampleBody({ preferred_days: [...WEEKDAYS, 'MONDAY'] })).preferred_days).to.deep.equal([
        ...WEEKDAYS,
      ])
    })
  })

  describe('priority', () => {
    for (const priority of [1, 2, 3, 4, 5]) {
      it(`accepts priority ${priority}`, () => {
        expect(valueOf(exampleBody({ priority })).priority).to.equal(priority)
      })
    }

    it('defaults priority to 3 when absent or null', () => {
      expect(valueOf(without(exampleBody(), 'priority')).priority).to.equal(3)
      expect(valueOf(exampleBody({ priority: null })).priority).to.equal(3)
    })

    for (const priority of [2.5, '2', '3', 0, 6, -1, 1.0000001, true, [], {}, '']) {
      it(`refuses priority ${JSON.stringify(priority)} with "${PRIORITY_RULE}"`, () => {
        expect(errorsOf(exampleBody({ priority }))).to.deep.equal([{ field: 'priority', message: PRIORITY_RULE }])
      })
    }

    it('refuses non-finite priorities', () => {
      for (const priority of [Number.NaN, Number.POSITIVE_INFINITY]) {
        expect(errorsOf(exampleBody({ priority }))).to.deep.equal([{ field: 'priority', message: PRIORITY_RULE }])
      }
    })
  })

  describe('null means absent for optional fields', () => {
    it('decodes every optional field given as null exactly as if it were left out', () => {
      const nulls = Object.fromEntries(OPTIONAL_FIELDS.map((field) => [field, null]))
      expect(defined(valueOf(minimalBody(nulls)))).to.deep.equal(defined(valueOf(minimalBody())))
    })
  })

  describe('notes', () => {
    it('keeps 2000 characters exactly', () => {
      const notes = 'n'.repeat(1999) + '.'
      expect(valueOf(exampleBody({ notes })).notes).to.equal(notes)
    })

    it(`refuses 2001 characters with "${NOTES_RULE}"`, () => {
      expect(errorsOf(exampleBody({ notes: 'n'.repeat(2001) }))).to.deep.equal([
        { field: 'notes', message: NOTES_RULE },
      ])
    })

    for (const notes of [
      '',
      '   ',
      '  padded  ',
      'line 1\nline 2\r\n\ttabbed',
      'Café – naïve ✓ 日本語',
      'e\u0301 combining',
      '👩‍⚕️ 🦵',
    ]) {
      it(`stores notes ${JSON.stringify(notes)} exactly as sent`, () => {
        expect(valueOf(exampleBody({ notes })).notes).to.equal(notes)
      })
    }

    it('refuses NUL, which PostgreSQL text cannot hold, rather than storing something else', () => {
      expect(errorsOf(exampleBody({ notes: 'before\u0000after' }))).to.deep.equal([
        {
          field: 'notes',
          message: 'notes must be a string of at most 2000 characters, without NUL characters or unpaired surrogates',
        },
      ])
    })

    it('stores any string of at most 2000 code points without NUL exactly as sent (property)', () => {
      fc.assert(
        fc.property(
          fc.string({ unit: 'binary', maxLength: 2000 }).filter((s) => !s.includes('\u0000')),
          (notes) => valueOf(exampleBody({ notes })).notes === notes,
        ),
        { numRuns: 200 },
      )
    })

    // docs/contract.md#body-fields says "at most 2,000 characters", and the notes column checks
    // char_length(notes) <= 2000, which counts code points, not UTF-16 units.
    it('counts characters as code points: 2000 emoji are within the limit, 2001 are not', () => {
      const notes = '😀'.repeat(2000)
      expect(valueOf(exampleBody({ notes })).notes).to.equal(notes)
      expect(errorsOf(exampleBody({ notes: notes + '😀' }))).to.deep.equal([{ field: 'notes', message: NOTES_RULE }])
    })

    for (const notes of [42, true, ['a'], { text: 'a' }]) {
      it(`refuses notes ${JSON.stringify(notes)} that are not a string`, () => {
        expect(errorsOf(exampleBody({ notes }))).to.deep.equal([{ field: 'notes', message: NOTES_RULE }])
      })
    }
  })

  describe('appointment_category (the label)', () => {
    it('keeps the label exactly as sent', () => {
      expect(valueOf(exampleBody({ appointment_category: '  Physical Therapy ' })).appointment_category).to.equal(
        '  Physical Therapy ',
      )
    })

    it('accepts a label of 200 characters', () => {
      const label = 'L'.repeat(200)
      expect(valueOf(exampleBody({ appointment_category: label })).appointment_category).to.equal(label)
    })

    it('counts label characters as code points: 200 emoji are within the limit, 201 are not', () => {
      const label = '🦵'.repeat(200)
      expect(valueOf(exampleBody({ appointment_category: label })).appointment_category).to.equal(label)
      expect(errorsOf(exampleBody({ appointment_category: label + '🦵' }))).to.deep.equal([
        { field: 'appointment_category', message: LABEL_RULE },
      ])
    })

    for (const label of ['', '   ', '\n\t', 'L'.repeat(201), 7, ['Physical Therapy']]) {
      it(`refuses appointment_category ${JSON.stringify(label).slice(0, 40)} (non-blank, at most 200)`, () => {
        expect(errorsOf(exampleBody({ appointment_category: label }))).to.deep.equal([
          { field: 'appointment_category', message: LABEL_RULE },
        ])
      })
    }
  })

  describe('appointment_type', () => {
    const spellings: ReadonlyArray<[string, string]> = [
      ['Initial Evaluation', 'INITIAL_EVAL'],
      ['initial evaluation', 'INITIAL_EVAL'],
      ['INITIAL_EVAL', 'INITIAL_EVAL'],
      ['initial-eval', 'INITIAL_EVAL'],
      ['Follow Up', 'FOLLOW_UP'],
      ['follow_up', 'FOLLOW_UP'],
      ['FOLLOW-UP', 'FOLLOW_UP'],
    ]
    for (const [given, stored] of spellings) {
      it(`stores appointment_type ${JSON.stringify(given)} as ${stored}`, () => {
        expect(valueOf(exampleBody({ appointment_type: given })).appointment_type).to.equal(stored)
      })
    }

    for (const given of ['Initial', 'followup', 'Evaluation', '', 'INITIAL_EVALS', 1, ['FOLLOW_UP']]) {
      it(`refuses appointment_type ${JSON.stringify(given)} with "${TYPE_RULE}"`, () => {
        expect(errorsOf(exampleBody({ appointment_type: given }))).to.deep.equal([
          { field: 'appointment_type', message: TYPE_RULE },
        ])
      })
    }
  })

  describe('unknown and inherited fields', () => {
    it('drops unknown fields from the output', () => {
      const value = valueOf(
        exampleBody({ id: 'req-1', status: 'FULFILLED', patient_id: 'p-9', created_by: 'mallory', extra: { a: 1 } }),
      )
      expect(Object.keys(value)).to.have.members(CREATE_REQUEST_FIELDS as ReadonlyArray<string> as Array<string>)
      expect(value).not.to.have.any.keys('id', 'status', 'patient_id', 'created_by', 'extra')
    })

    it('never outputs a key outside the known fields (property)', () => {
      fc.assert(
        fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (extra) => {
          const result = decode({ ...extra, ...exampleBody() })
          return (
            E.isRight(result) &&
            Object.keys(result.right).every((key) => (CREATE_REQUEST_FIELDS as ReadonlyArray<string>).includes(key))
          )
        }),
      )
    })

    it('does not let a JSON "__proto__" key supply fields', () => {
      const body: unknown = JSON.parse(`{"__proto__": ${JSON.stringify(minimalBody())}}`)
      expect(errorsOf(body)).to.deep.equal(REQUIRED_FIELDS.map((field) => ({ field, message: `${field} is required` })))
    })

    it('does not let inherited properties supply fields', () => {
      const body: unknown = Object.create(minimalBody())
      expect(errorsOf(body).map((error) => error.field)).to.deep.equal([...REQUIRED_FIELDS])
    })

    it('ignores "__proto__", "constructor" and "prototype" keys and leaves Object.prototype untouched', () => {
      const body: unknown = JSON.parse(
        JSON.stringify(minimalBody()).replace(
          /^\{/,
          '{"__proto__": {"polluted": true, "clinic_id": "x"}, "constructor": {"prototype": {"polluted": true}}, "prototype": {"polluted": true},',
        ),
      )
      const value = valueOf(body)
      expect(value).not.to.have.any.keys('__proto__', 'constructor', 'prototype')
      expect(Object.getPrototypeOf(value)).to.equal(Object.prototype)
      expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined)
      expect(({} as Record<string, unknown>)['clinic_id']).to.equal(undefined)
      expect(Object.prototype).not.to.have.property('polluted')
    })
  })

  describe('bodies that are not JSON objects', () => {
    for (const body of [[], [minimalBody()], 'clinic-123', '', null, undefined, 42, 0, true]) {
      it(`refuses ${JSON.stringify(body) ?? 'undefined'} with field body: "request body must be a JSON object"`, () => {
        expect(errorsOf(body)).to.deep.equal([{ field: 'body', message: 'request body must be a JSON object' }])
      })
    }
  })

  describe('several failures at once', () => {
    it('reports every failed field once, in the API page order', () => {
      const body = {
        clinic_id: 1,
        preferred_providers: 'p',
        preferred_time_slots: ['NIGHT'],
        preferred_days: ['FUNDAY'],
        date_range_start: '2026-02-30',
        date_range_end: '2026/06/15',
        appointment_category_id: ' ',
        appointment_category: '',
        appointment_type: 'Initial',
        payment_type: 'CASH',
        priority: 2.5,
        notes: 'n'.repeat(2001),
      }
      expect(errorsOf(body)).to.deep.equal([
        { field: 'clinic_id', message: 'clinic_id must be a clinic id' },
        { field: 'preferred_providers', message: PROVIDERS_RULE },
        { field: 'preferred_time_slots', message: TIME_SLOTS_RULE },
        { field: 'preferred_days', message: DAYS_RULE },
        { field: 'date_range_start', message: DATE_FORMAT('date_range_start') },
        { field: 'date_range_end', message: DATE_FORMAT('date_range_end') },
        { field: 'appointment_category_id', message: 'appointment_category_id must be a category id' },
        { field: 'appointment_category', message: LABEL_RULE },
        { field: 'appointment_type', message: TYPE_RULE },
        { field: 'payment_type', message: PAYMENT_RULE },
        { field: 'priority', message: PRIORITY_RULE },
        { field: 'notes', message: NOTES_RULE },
      ])
    })

    it('reports reversed dates together with failures of fields before them', () => {
      expect(
        errorsOf(exampleBody({ clinic_id: null, preferred_days: ['FUNDAY'], date_range_end: '2026-05-01' })),
      ).to.deep.equal([
        { field: 'clinic_id', message: 'clinic_id is required' },
        { field: 'preferred_days', message: DAYS_RULE },
        { field: 'date_range_end', message: DATE_RANGE_REVERSED },
      ])
    })

    // The reversed-dates rule is about date_range_end, so its failure belongs
    // where date_range_end sits in the page order: before payment_type,
    // priority and notes, although the cross-field rule runs last.
    it('reports reversed dates in the API page order among later fields (date_range_end before payment_type)', () => {
      expect(
        errorsOf(
          exampleBody({ clinic_id: null, date_range_end: '2026-05-01', payment_type: 'CASH', priority: 9, notes: 5 }),
        ),
      ).to.deep.equal([
        { field: 'clinic_id', message: 'clinic_id is required' },
        { field: 'date_range_end', message: DATE_RANGE_REVERSED },
        { field: 'payment_type', message: PAYMENT_RULE },
        { field: 'priority', message: PRIORITY_RULE },
        { field: 'notes', message: NOTES_RULE },
      ])
    })
  })

  describe('encode', () => {
    const identifier = fc.string({
      unit: fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)),
      minLength: 1,
      maxLength: 64,
    })
    const isoDate = fc
      .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10))
    const orNull = <T>(arbitrary: fc.Arbitrary<T>) => fc.oneof(arbitrary, fc.constant(null))
    const validBody = fc
      .tuple(
        fc.record(
          {
            clinic_id: identifier,
            preferred_providers: orNull(fc.array(identifier, { maxLength: PREFERRED_PROVIDERS_MAX })),
            preferred_time_slots: orNull(fc.array(fc.constantFrom(...TIME_SLOTS), { maxLength: TIME_SLOTS.length })),
            preferred_days: orNull(fc.array(fc.constantFrom(...WEEKDAYS), { maxLength: WEEKDAYS.length })),
            appointment_category_id: identifier,
            appointment_category: orNull(
              fc.string({ minLength: 1, maxLength: 200 }).filter((s) => s.trim() !== '' && !s.includes('\u0000')),
            ),
            appointment_type: orNull(
              fc.constantFrom(
                'Initial Evaluation',
                'Follow Up',
                'INITIAL_EVAL',
                'FOLLOW_UP',
                'follow-up',
                ' initial_evaluation ',
              ),
            ),
            payment_type: fc.constantFrom(...PAYMENT_TYPES),
            priority: orNull(fc.integer({ min: 1, max: 5 })),
            notes: orNull(
              fc
                .oneof(fc.string({ maxLength: 2000 }), fc.string({ unit: 'binary', maxLength: 2000 }))
                .filter((s) => !s.includes('\u0000')),
            ),
            unknown_field: fc.jsonValue(),
          },
          { requiredKeys: ['clinic_id', 'appointment_category_id', 'payment_type'] },
        ),
        isoDate,
        isoDate,
      )
      .map(([fields, a, b]) => ({
        ...fields,
        date_range_start: a <= b ? a : b,
        date_range_end: a <= b ? b : a,
      }))

    it('decodes every generated valid body (property)', () => {
      fc.assert(fc.property(validBody, (body) => E.isRight(decode(body))))
    })

    it('decode(encode(decode(body))) is decode(body), also through JSON as on the queue (property)', () => {
      fc.assert(
        fc.property(validBody, (body) => {
          const first = valueOf(body)
          const encoded = CreateWaitlistRequest.encode(first)
          const again = valueOf(encoded)
          const viaJson = valueOf(JSON.parse(JSON.stringify(encoded)))
          expect(defined(again)).to.deep.equal(defined(first))
          expect(defined(viaJson)).to.deep.equal(defined(first))
        }),
      )
    })

    it('recognises its own decoded values with is()', () => {
      expect(CreateWaitlistRequest.is(valueOf(exampleBody()))).to.equal(true)
      expect(CreateWaitlistRequest.is({ ...valueOf(exampleBody()), priority: 7 })).to.equal(false)
    })
  })
})
