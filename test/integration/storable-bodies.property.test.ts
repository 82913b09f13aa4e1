import { expect } from 'chai'
import * as E from 'fp-ts/Either'
import * as fc from 'fast-check'
import { Actor, Subject } from '../../shared/auth/actor'
import { decodeWithFieldErrors, type FieldErrors, type Validation } from '../../shared/errors/field-error'
import { validateCreateSubmission } from '../../shared/waitlist-request/create-submission'
import { ChangeWaitlistRequest } from '../../shared/waitlist-request/create-waitlist-request'
import { CancelWaitlistRequest, FulfillWaitlistRequest } from '../../shared/waitlist-request/end-request'
import { call, createRequest, startStack, type ApiAnswer, type TestStack } from '../support/stack'
import { clinicDate, validBody } from '../support/fixtures'
import { cancel, filed, fulfill, patch, pathOf } from '../support/lifecycle'
import { eventually } from '../support/eventually'
import { patientToken, staffToken } from '../support/tokens'

/**
 * The class behind "a 202 that is later lost": any body the create, change,
 * cancel and fulfil codecs accept is stored by PostgreSQL (this one, for
 * real) and reads back as the codec decoded it, and anything a codec refuses
 * is a 400 naming the fields the codec names. Bodies are generated, Unicode
 * of every kind included (lone surrogates, NUL, astral characters, lengths at
 * and past each limit), dates and instants across and beyond the years
 * PostgreSQL holds. No answer is a 5xx, and a 202 always ends readable.
 */

/** Runs per codec: an ended request costs a second write, so the lifecycle codecs get fewer, to keep the whole within ~30 s. */
const RUNS = { create: 150, change: 120, cancel: 100, fulfill: 100 }

/** Text of every kind: any code point (lone surrogates too), graphemes, the characters PostgreSQL refuses, and the limits. */
const anyText = (limit: number) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
    {
      weight: 1,
      arbitrary: fc.string({
        unit: fc.constantFrom(
          '\u0000',
          '\ud800',
          '\udbff',
          '\udc00',
          '\udfff',
          '\ud83d\ude00',
          'é',
          '\u200b',
          ' ',
          'a',
        ),
        maxLength: 8,
      }),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom('x'.repeat(limit), 'x'.repeat(limit + 1), '😀'.repeat(limit), '😀'.repeat(limit + 1)),
    },
  )

/** Ids are printable ASCII; the rest of Unicode must be refused as cleanly. */
const anyId = fc.oneof(fc.string({ unit: 'binary-ascii', maxLength: 70 }), anyText(64))

/** Absent half of the time, so a run varies some fields and leaves the rest as the valid body has them. */
const sometimes = <A>(arbitrary: fc.Arbitrary<A>) =>
  fc.oneof({ weight: 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary })

/** Mostly a value the field takes, sometimes anything: so that a good share of whole bodies pass. */
const mostly = <A, B>(valid: fc.Arbitrary<A>, wild: fc.Arbitrary<B>) =>
  fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: wild })

const appointmentType = mostly(
  fc.constantFrom('Initial Evaluation', 'follow up', 'FOLLOW-UP', 'initial_eval'),
  anyText(30),
)
const priority = mostly(
  fc.integer({ min: 1, max: 5 }),
  fc.oneof(fc.integer({ min: -3, max: 9 }), fc.double(), fc.constant('2')),
)
const enumArray = (values: ReadonlyArray<string>) =>
  mostly(
    fc.array(fc.constantFrom(...values), { maxLength: 4 }),
    fc.array(fc.oneof(fc.constantFrom(...values), anyText(12)), { maxLength: 4 }),
  )
const timeSlots = enumArray(['MORNING', 'AFTERNOON', 'EVENING', 'ANYTIME'])
const days = enumArray(['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'])

const isoOf = (date: Date) => date.toISOString()

/** Any day from 200 years before year 0 to past year 10000, written as toISOString writes it (`-000150-…`, `+010050-…`). */
const wildDay = fc.oneof(
  fc
    .date({ min: new Date('-000200-01-01T00:00:00Z'), max: new Date('+010100-12-31T00:00:00Z'), noInvalidDate: true })
    .map((date) => isoOf(date).replace(/T.*$/, '')),
  fc.constantFrom('0000-01-01', '0001-01-01', '9999-12-31', '2026-02-30', '2026-13-01', '', '2026-1-1'),
)

/** A date range the clinic takes (start from today, span within org-a's 60 days), or one from anywhere. */
const dateRange = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 60 })).map(([from, span]) => ({
      takes: true,
      start: clinicDate('clinic-a1', from),
      end: clinicDate('clinic-a1', from + span),
    })),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(wildDay, wildDay).map(([start, end]) => ({ takes: false, start, end })),
  },
)

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0')

/** An instant written with any offset from −23:59 to +23:59 (and a few past it), and 0 to 9 fraction digits. */
const anyInstant = fc.oneof(
  fc
    .record({
      at: fc.date({
        min: new Date('-000010-01-01T00:00:00Z'),
        max: new Date('+010001-01-01T00:00:00Z'),
        noInvalidDate: true,
      }),
      offset: fc.integer({ min: -25 * 60, max: 25 * 60 }),
      fraction: fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 10 }),
      zulu: fc.boolean(),
    })
    .map(({ at, offset, fraction, zulu }) => {
      const minutes = zulu ? 0 : offset
      const local = new Date(at.getTime() + minutes * 60_000)
      const year = local.getUTCFullYear()
      const written = year >= 0 && year <= 9999 ? pad(year, 4) : String(year)
      const clock = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`
      const zone = zulu
        ? 'Z'
        : `${minutes < 0 ? '-' : '+'}${pad(Math.trunc(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`
      return `${written}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T${clock}${fraction === '' ? '' : `.${fraction}`}${zone}`
    }),
  fc.constantFrom(
    '0000-06-01T10:00:00Z',
    '0001-01-01T00:00:00Z',
    '0001-01-01T00:30:00+01:00',
    '9999-12-31T23:59:59.999Z',
    '9999-12-31T23:59:59-23:59',
    '2026-12-01T24:00:00Z',
    '2026-12-01T09:30:00+24:00',
    '2026-12-01T09:30:00',
  ),
)

/** What a codec would answer for `body` as the server receives it: after a JSON round trip (NaN becomes null, and so on). */
const sent = <A>(decode: (body: unknown) => Validation<A>, body: unknown) => decode(JSON.parse(JSON.stringify(body)))

/** A 400 in the envelope, every error naming a field: the very errors the codec gave, when it was the codec's. */
const expectRefused = (answer: ApiAnswer, codecErrors?: FieldErrors) => {
  expect(answer.status, answer.text).to.equal(400)
  expect(answer.body.code).to.equal(4000)
  if (codecErrors !== undefined) expect(answer.body.errors, answer.text).to.deep.equal(codecErrors)
  const errors: ReadonlyArray<{ field: string; message: string }> = answer.body.errors
  expect(errors.length, answer.text).to.be.above(0)
  for (const error of errors) expect(error.field, answer.text).to.be.a('string').and.not.equal('')
  expect(answer.body.message).to.equal(errors[0]?.message)
}

describe('any body a codec accepts is stored by PostgreSQL; anything it refuses is a 400 (property, through HTTP)', function () {
  this.timeout(120_000)
  let stack: TestStack
  const staff = staffToken('org-a', 'STAFF', 'user-front-desk')
  const jane = patientToken('pat-a1', 'user-jane')
  before(async () => {
    stack = await startStack()
  })
  after(async () => {
    await stack?.stop()
  })

  const read = (id: string) => call(stack, 'GET', pathOf(id), { token: staff })
  /** A write answered 202 has ended when its request reads at a later version; it must end, and end as written. */
  const writeEnded = async (answer: ApiAnswer, id: string, before: string) => {
    if (answer.status !== 202) return answer
    return eventually(async () => {
      const now = await read(id)
      return now.headers.get('etag') !== before ? now : undefined
    })
  }
  const versionOf = async (id: string) => (await read(id)).headers.get('etag') ?? ''

  it('POST: stores every body the create codec (and the clinic) accepts, text exactly as sent; refuses the rest with its 400', async () => {
    let stored = 0
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          sub: fc.oneof({ weight: 4, arbitrary: fc.constant('user-jane') }, { weight: 1, arbitrary: anyText(255) }),
          notes: fc.oneof(fc.constant(undefined), fc.constant(null), anyText(2000)),
          appointment_category: sometimes(anyText(200)),
          appointment_type: sometimes(appointmentType),
          priority: sometimes(priority),
          preferred_time_slots: sometimes(timeSlots),
          preferred_days: sometimes(days),
          clinic_id: mostly(fc.constant(undefined), fc.oneof(fc.constant('clinic-b1'), anyId)),
          dates: dateRange,
        }),
        async ({ sub, dates, clinic_id, ...fields }) => {
          const body = validBody({
            ...Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)),
            ...(clinic_id === undefined ? {} : { clinic_id }),
            date_range_start: dates.start,
            date_range_end: dates.end,
          })
          const answer = await createRequest(stack, patientToken('pat-a1', sub), body)
          if (!Subject.is(sub)) {
            expect(answer.status, answer.text).to.equal(401)
            return
          }
          const actor = Actor.decode({ sub, role: 'USER', patient_id: 'pat-a1' })
          if (E.isLeft(actor)) throw new Error('a valid sub makes a valid actor')
          const verdict = sent(
            (parsed) => validateCreateSubmission({ actor: actor.right, patient_id: null, body: parsed }),
            body,
          )
          if (E.isLeft(verdict)) return expectRefused(answer, verdict.left)

          const location = answer.headers.get('location') ?? ''
          const ending =
            answer.status === 202
              ? await eventually(async () => {
                  const now = await call(stack, 'GET', location, { token: patientToken('pat-a1', sub) })
                  return now.status === 202 ? undefined : now
                })
              : answer
          // The clinic's own rules (its calendar, the organization's span) refuse what they refuse, as a 400 with fields.
          if (clinic_id !== undefined || !dates.takes) {
            if (ending.status === 400) return expectRefused(ending)
          }
          expect(ending.status, ending.text).to.be.oneOf([200, 201])
          const request = verdict.right.request
          const readBack = await call(stack, 'GET', location, { token: jane })
          expect(readBack.status, readBack.text).to.equal(200)
          expect(readBack.body.data).to.deep.include({
            notes: request.notes ?? null,
            priority: request.priority,
            created_by: sub,
            date_range_start: request.date_range_start,
            date_range_end: request.date_range_end,
          })
          if (request.appointment_category !== undefined) {
            expect(readBack.body.data.appointment_category).to.equal(request.appointment_category)
          }
          stored += 1
        },
      ),
      { numRuns: RUNS.create },
    )
    // Not a property that holds by refusing everything: a good share of the bodies must be stored.
    expect(stored, `${stored} of ${RUNS.create} stored`).to.be.above(RUNS.create / 4)
  })

  it('PATCH: stores every change the change codec accepts, text exactly as sent; refuses the rest with its 400', async () => {
    const { id } = await filed(stack, jane)
    let stored = 0
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            notes: fc.oneof(fc.constant(null), anyText(2000)),
            appointment_category: fc.oneof(fc.constant(null), anyText(200)),
            appointment_type: appointmentType,
            priority,
            preferred_time_slots: timeSlots,
            preferred_days: days,
          },
          { requiredKeys: [] },
        ),
        async (body) => {
          const before = await versionOf(id)
          const answer = await patch(stack, staff, id, body, '*')
          const verdict = sent(decodeWithFieldErrors(ChangeWaitlistRequest), body)
          if (E.isLeft(verdict)) return expectRefused(answer, verdict.left)
          const ending = await writeEnded(answer, id, before)
          expect(ending.status, ending.text).to.equal(200)
          const readBack = await read(id)
          const change = verdict.right
          if ('notes' in change) expect(readBack.body.data.notes).to.equal(change.notes ?? null)
          if (change.appointment_category !== undefined) {
            expect(readBack.body.data.appointment_category).to.equal(change.appointment_category)
          }
          if (change.priority !== undefined) expect(readBack.body.data.priority).to.equal(change.priority)
          stored += 1
        },
      ),
      { numRuns: RUNS.change },
    )
    expect(stored, `${stored} of ${RUNS.change} stored`).to.be.above(RUNS.change / 4)
  })

  /** An ACTIVE request to end, filed anew only once the last one has ended. */
  const activeRequests = () => {
    let current: string | undefined
    return {
      take: async () => (current ??= (await filed(stack, jane))['id'] as string),
      ended: () => {
        current = undefined
      },
    }
  }

  it('POST …/cancel: stores every reason the cancel codec accepts, exactly as sent; refuses the rest with its 400', async () => {
    const requests = activeRequests()
    let stored = 0
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          { weight: 4, arbitrary: fc.record({ reason: anyText(500) }) },
          { weight: 1, arbitrary: fc.constantFrom({}, { reason: null }, { reason: 5 }, { reason: ['x'] }) },
        ),
        async (body) => {
          const id = await requests.take()
          const before = await versionOf(id)
          const answer = await cancel(stack, jane, id, body)
          const verdict = sent(decodeWithFieldErrors(CancelWaitlistRequest), body)
          if (E.isLeft(verdict)) return expectRefused(answer, verdict.left)
          const ending = await writeEnded(answer, id, before)
          expect(ending.status, ending.text).to.equal(200)
          requests.ended()
          const readBack = await read(id)
          expect(readBack.body.data.status).to.equal('CANCELLED')
          expect(readBack.body.data.cancellation_reason).to.equal(verdict.right.reason)
          stored += 1
        },
      ),
      { numRuns: RUNS.cancel },
    )
    expect(stored, `${stored} of ${RUNS.cancel} stored`).to.be.above(RUNS.cancel / 4)
  })

  it('POST …/fulfill: stores every booking the fulfil codec accepts, its instant in UTC; refuses the rest with its 400', async () => {
    const requests = activeRequests()
    let stored = 0
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          appointment_id: fc.oneof({ weight: 3, arbitrary: fc.constant('appt-1001') }, { weight: 1, arbitrary: anyId }),
          appointment_start: anyInstant,
        }),
        async (body) => {
          const id = await requests.take()
          const before = await versionOf(id)
          const answer = await fulfill(stack, staff, id, body)
          const verdict = sent(decodeWithFieldErrors(FulfillWaitlistRequest), body)
          if (E.isLeft(verdict)) return expectRefused(answer, verdict.left)
          const ending = await writeEnded(answer, id, before)
          expect(ending.status, ending.text).to.equal(200)
          requests.ended()
          const readBack = await read(id)
          expect(readBack.body.data.status).to.equal('FULFILLED')
          expect(readBack.body.data.booked_appointment).to.deep.equal({
            id: verdict.right.appointment_id,
            start: verdict.right.appointment_start,
          })
          stored += 1
        },
      ),
      { numRuns: RUNS.fulfill },
    )
    expect(stored, `${stored} of ${RUNS.fulfill} stored`).to.be.above(RUNS.fulfill / 4)
  })
})
