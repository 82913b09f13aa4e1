import { expect } from 'chai'
import * as t from 'io-ts'
import * as E from 'fp-ts/Either'
import Ajv2020 from 'ajv/dist/2020'
import addFormats from 'ajv-formats'
import { Identifier } from '../../shared/codecs/identifier'
import { requiredField, optionalField, jsonBody } from '../../shared/codecs/json-body'
import { optional, withDefault } from '../../shared/codecs/optional'
import { CreateOpening } from '../../shared/openings/create-opening'
import { jsonSchemaOf } from '../../shared/schema/json-schema'
import { noted } from '../../shared/schema/schema-notes'
import { CreateWaitlistRequest } from '../../shared/waitlist-request/create-waitlist-request'

const ajv = new Ajv2020({ strict: true, allErrors: true })
addFormats(ajv)

describe('JSON Schema from io-ts codecs (shared/schema/json-schema.ts)', () => {
  it("reads io-ts's combinators", () => {
    const codec = t.intersection([
      t.type({
        kind: t.literal('a'),
        size: t.keyof({ S: null, M: null }),
        tags: t.array(t.string),
        pair: t.tuple([t.number, t.boolean]),
        note: t.union([t.string, t.null]),
        either: t.union([t.literal('x'), t.keyof({ y: null })]),
        maybe: t.union([t.number, t.undefined]),
      }),
      t.partial({ extra: t.unknown }),
    ])
    expect(jsonSchemaOf(codec)).to.deep.equal({
      type: 'object',
      properties: {
        kind: { type: 'string', const: 'a' },
        size: { type: 'string', enum: ['S', 'M'] },
        tags: { type: 'array', items: { type: 'string' } },
        pair: {
          type: 'array',
          prefixItems: [{ type: 'number' }, { type: 'boolean' }],
          minItems: 2,
          maxItems: 2,
        },
        note: { type: ['string', 'null'] },
        either: { type: 'string', enum: ['x', 'y'] },
        maybe: { type: 'number' },
        extra: {},
      },
      required: ['kind', 'size', 'tags', 'pair', 'note', 'either'],
    })
  })

  it('takes what the helpers noted: a default, null for absent, the messages a field is refused with', () => {
    const body = jsonBody('Body', {
      id: requiredField('id', Identifier, 'must be an id'),
      count: optionalField('count', withDefault(t.number, 3), 'must be a number'),
      label: optionalField('label', optional(t.string), 'must be a string'),
    })
    const schema = jsonSchemaOf(body)
    expect(schema['required']).to.deep.equal(['id'])
    const properties = schema['properties'] as Record<string, Record<string, unknown>>
    expect(properties['id']).to.include({ minLength: 1, maxLength: 64, pattern: '^[\\x21-\\x7e]+$' })
    expect(properties['id']!['description']).to.include('Refused with: "id is required"; "id must be an id".')
    expect(properties['count'])
      .to.include({ default: 3 })
      .and.deep.include({ type: ['number', 'null'] })
    expect(properties['count']!['description']).to.equal('Refused with: "count must be a number".')
    expect(properties['label']).to.not.have.property('default')
    const query = jsonSchemaOf(t.type({ count: withDefault(t.number, 3) }), { nullable: false })
    expect((query['properties'] as Record<string, unknown>)['count']).to.deep.equal({ type: 'number', default: 3 })
  })

  it('refers to named codecs below the top, and writes out the one asked for', () => {
    const Named = t.type({ a: t.string })
    const refs = new Map<t.Any, string>([[Named, '#/$defs/Named']])
    expect(jsonSchemaOf(t.array(Named), { refs })).to.deep.equal({ type: 'array', items: { $ref: '#/$defs/Named' } })
    expect(jsonSchemaOf(Named, { refs })).to.deep.equal({
      type: 'object',
      properties: { a: { type: 'string' } },
      required: ['a'],
    })
  })

  it('guesses nothing: a refinement or a hand-written type that says nothing of itself is an error', () => {
    const Even = t.refinement(t.number, (n) => n % 2 === 0, 'Even')
    expect(() => jsonSchemaOf(Even)).to.throw(/Even refines number/)
    expect(jsonSchemaOf(noted(Even, { schema: { multipleOf: 2 } }))).to.deep.equal({ type: 'number', multipleOf: 2 })
    const Opaque = new t.Type<string>('Opaque', t.string.is, t.string.validate, t.identity)
    expect(() => jsonSchemaOf(t.type({ a: Opaque }))).to.throw(/no JSON Schema for codec Opaque/)
  })

  describe('agrees with the codec on every rule a schema can say', () => {
    const agree = (codec: t.Any, valid: Record<string, unknown>, cases: Record<string, Record<string, unknown>>) => {
      const validate = ajv.compile(jsonSchemaOf(codec))
      for (const [name, overrides] of Object.entries({ 'as given': {}, ...cases })) {
        const body = JSON.parse(JSON.stringify({ ...valid, ...overrides })) as unknown
        const decoded = E.isRight(codec.decode(body))
        expect(validate(body), `${name}: the codec ${decoded ? 'takes' : 'refuses'} it`).to.equal(decoded)
      }
    }

    it('a waitlist request body', () => {
      agree(
        CreateWaitlistRequest,
        {
          clinic_id: 'clinic-123',
          preferred_days: ['MONDAY'],
          date_range_start: '2026-12-01',
          date_range_end: '2026-12-20',
          appointment_category_id: '2058',
          payment_type: 'INSURANCE_PAY',
          notes: 'x',
        },
        {
          'no clinic': { clinic_id: undefined },
          'an empty clinic id': { clinic_id: '' },
          'a clinic id with a space': { clinic_id: 'clinic 123' },
          'a clinic id of 65 characters': { clinic_id: 'c'.repeat(65) },
          'priority 2.5': { priority: 2.5 },
          'priority "2"': { priority: '2' },
          'priority 0': { priority: 0 },
          'priority null': { priority: null },
          'priority 5': { priority: 5 },
          'a payment type of CASH': { payment_type: 'CASH' },
          'a day in lower case': { preferred_days: ['monday'] },
          'days null': { preferred_days: null },
          'notes of 2001 characters': { notes: 'n'.repeat(2001) },
          'notes of 2000 emoji': { notes: '😀'.repeat(2000) },
          'a blank label': { appointment_category: '   ' },
          'February 30th': { date_range_start: '2026-02-30' },
          'a date with a time': { date_range_end: '2026-12-20T10:00:00Z' },
          'a type as the label': { appointment_type: 'Follow Up' },
          'a type that is a number': { appointment_type: 3 },
          'an unknown field': { status: 'FULFILLED' },
        },
      )
    })

    it('an opening body', () => {
      agree(
        CreateOpening,
        {
          clinic_id: 'clinic-123',
          provider_id: 'provider-789',
          start: '2026-12-07T09:30:00-05:00',
          duration_minutes: 60,
        },
        {
          'four minutes': { duration_minutes: 4 },
          '481 minutes': { duration_minutes: 481 },
          'a fraction of a minute': { duration_minutes: 60.5 },
          'a start without an offset': { start: '2026-12-07T09:30:00' },
          'a start in UTC': { start: '2026-12-07T14:30:00Z' },
          categories: { appointment_category_ids: ['2058', '2059'] },
          'a category that is no id': { appointment_category_ids: [''] },
          'an external id': { external_id: 'pms-appt-991' },
        },
      )
    })
  })
})
