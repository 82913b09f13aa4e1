import { expect } from 'chai'
import * as E from 'fp-ts/Either'
import * as fc from 'fast-check'
import { DateTime } from 'luxon'
import type { CandidateRequest } from '../../shared/openings/candidates'
import { fit } from '../../shared/openings/fit'
import type { OpeningAtClinic } from '../../shared/openings/slot-facts'
import { REQUEST_STATUSES, TIME_SLOTS, WEEKDAYS } from '../../shared/waitlist-request/enums'
import { selectCandidateRequests } from '../../worker/openings/find-candidates'
import { startStack, type TestStack } from '../support/stack'

/** Clinics on both sides of the date line, with clock changes of an hour, of half an hour, and none. */
const CLINICS: Record<string, string> = {
  'clinic-a1': 'America/New_York',
  'clinic-a2': 'Pacific/Kiritimati',
  'clinic-a3': 'Pacific/Pago_Pago',
  'clinic-p-chatham': 'Pacific/Chatham',
  'clinic-p-lord-howe': 'Australia/Lord_Howe',
  'clinic-p-st-johns': 'America/St_Johns',
  'clinic-p-auckland': 'Pacific/Auckland',
}
const PROVIDERS = ['prov-a1', 'prov-a2', 'prov-a3']
const PATIENTS = ['pat-a1', 'pat-a2']
const CATEGORIES = ['cat-eval', 'cat-follow']

/** Clock changes and midnights across the date line, where a wrong offset shows. */
const ANCHORS = [
  '2026-03-08T07:00:00Z',
  '2026-11-01T06:00:00Z',
  '2026-04-04T14:00:00Z',
  '2026-09-26T14:00:00Z',
  '2026-06-01T10:00:00Z',
  '2026-10-03T15:30:00Z',
  '2026-03-29T01:00:00Z',
].map((anchor) => Date.parse(anchor))
const DAY_MS = 24 * 60 * 60 * 1000

const often = <A>(value: A, others: fc.Arbitrary<A>) =>
  fc.oneof({ arbitrary: fc.constant(value), weight: 3 }, { arbitrary: others, weight: 2 })

/**
 * A request around the slot: mostly at its clinic, ACTIVE and with few
 * preferences, with a range starting up to three days either side of the
 * slot's local date, so that many fit and every rule's boundary is crossed.
 */
const request = (slot: OpeningAtClinic, index: number) => {
  const localDate = DateTime.fromISO(slot.start, { zone: slot.timezone })
  return fc
    .record({
      clinic_id: often(slot.clinic_id, fc.constantFrom(...Object.keys(CLINICS))),
      patient_id: fc.constantFrom(...PATIENTS),
      status: often('ACTIVE' as const, fc.constantFrom(...REQUEST_STATUSES)),
      appointment_category_id: fc.constantFrom(...CATEGORIES),
      appointment_duration: fc.constantFrom(30, 45, 60, 90),
      preferred_providers: often([] as string[], fc.subarray(PROVIDERS)),
      preferred_time_slots: often([] as string[], fc.subarray([...TIME_SLOTS])),
      preferred_days: often([] as string[], fc.subarray([...WEEKDAYS])),
      from: fc.integer({ min: -3, max: 3 }),
      length: fc.integer({ min: 0, max: 3 }),
      priority: fc.integer({ min: 1, max: 5 }),
      waited: fc.integer({ min: 0, max: 10_000_000 }),
    })
    .map(({ from, length, waited, ...rest }) => ({
      ...rest,
      id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
      date_range_start: localDate.plus({ days: from }).toISODate(),
      date_range_end: localDate.plus({ days: from + length }).toISODate(),
      created_at: new Date(Date.parse('2026-01-01T00:00:00Z') + waited * 1000).toISOString(),
    })) as unknown as fc.Arbitrary<CandidateRequest>
}

/** A start near an anchor on whole minutes, or exactly on (or a minute before) a part-of-day boundary, locally. */
const start = (zone: string) =>
  fc.oneof(
    fc
      .tuple(fc.constantFrom(...ANCHORS), fc.integer({ min: -72 * 60, max: 72 * 60 }))
      .map(([anchor, minutes]) => new Date(anchor + minutes * 60_000).toISOString()),
    fc
      .tuple(fc.constantFrom(...ANCHORS), fc.integer({ min: -2, max: 2 }), fc.constantFrom(5, 12, 17, 22), fc.boolean())
      .map(([anchor, days, hour, before]) => {
        const day = DateTime.fromMillis(anchor + days * DAY_MS, { zone }).set({
          hour,
          minute: 0,
          second: 0,
          millisecond: 0,
        })
        return (before ? day.minus({ minutes: 1 }) : day).toUTC().toISO() ?? ''
      }),
  )

const opening: fc.Arbitrary<OpeningAtClinic> = fc.constantFrom(...Object.keys(CLINICS)).chain((clinic_id) =>
  fc.record({
    clinic_id: fc.constant(clinic_id),
    timezone: fc.constant(CLINICS[clinic_id]),
    provider_id: fc.constantFrom(...PROVIDERS),
    start: start(CLINICS[clinic_id] ?? 'UTC'),
    duration_minutes: fc.constantFrom(30, 45, 60),
    appointment_category_ids: fc.subarray([...CATEGORIES, 'cat-none']),
    released_by_patient_id: fc.constantFrom(null, ...PATIENTS),
  }),
) as unknown as fc.Arbitrary<OpeningAtClinic>

const slotAndRequests = opening.chain((slot) =>
  fc
    .integer({ min: 1, max: 30 })
    .chain((count) =>
      fc.tuple(fc.constant(slot), fc.tuple(...Array.from({ length: count }, (_, index) => request(slot, index)))),
    ),
)

describe('the candidate pre-filter in SQL against fit, on real PostgreSQL (property)', () => {
  let stack: TestStack
  before(async () => {
    stack = await startStack()
    const extra = Object.entries(CLINICS).filter(([id]) => id.startsWith('clinic-p-'))
    await stack.sequelize.query(
      `INSERT INTO clinics (id, organization_id, name, timezone) VALUES ${extra.map(() => "(?, 'org-a', ?, ?)").join(', ')}`,
      { replacements: extra.flatMap(([id, zone]) => [id, id, zone]) },
    )
  })
  after(async () => {
    await stack?.stop()
  })

  const store = async (rows: ReadonlyArray<CandidateRequest>) => {
    await stack.sequelize.query('DELETE FROM waitlist_requests')
    await stack.db.models.WaitlistRequest.bulkCreate(
      rows.map((row) => ({
        ...row,
        organization_id: 'org-a',
        appointment_category: 'label',
        appointment_type: 'INITIAL_EVAL',
        payment_type: 'SELF_PAY',
        notes: null,
        created_at: new Date(row.created_at),
        updated_at: new Date(row.created_at),
        created_by: 'property',
        updated_by: 'property',
      })),
    )
  }

  it('finds exactly the requests fit accepts, read back as fit would see them, across clock changes and the date line', async () => {
    // Not a vacuous pass: many requests must fit and many not, or the generators miss the boundaries.
    const seen = { fitting: 0, not: 0 }
    await fc.assert(
      fc.asyncProperty(slotAndRequests, async ([slot, generated]) => {
        await store(generated)
        const found = await selectCandidateRequests(stack.db, slot)
        const accepted = generated.filter((candidate) => E.isRight(fit(candidate, slot)))
        seen.fitting += accepted.length
        seen.not += generated.length - accepted.length
        const byId = (a: CandidateRequest, b: CandidateRequest) => a.id.localeCompare(b.id)
        expect([...found].sort(byId)).to.deep.equal([...accepted].sort(byId))
      }),
      { numRuns: 150 },
    )
    expect(seen.fitting).to.be.above(20)
    expect(seen.not).to.be.above(20)
  })
})
