import { expect } from 'chai'
import * as E from 'fp-ts/Either'
import * as fc from 'fast-check'
import { fit, type FitRequest } from '../../shared/openings/fit'
import { partOfDay, slotFacts, type OpeningAtClinic, type SlotFacts } from '../../shared/openings/slot-facts'
import { TIME_SLOTS, WEEKDAYS } from '../../shared/waitlist-request/enums'
import { fitRequest, openingAt } from '../support/matching-fixtures'

const ZONES = [
  'America/New_York',
  'Pacific/Auckland',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
  'Pacific/Chatham',
  'Australia/Lord_Howe',
  'America/St_Johns',
  'Asia/Kolkata',
  'Europe/London',
  'UTC',
]

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

const HOUR_MS = 60 * 60 * 1000
const DAY_MS = 24 * HOUR_MS

/** Within three days of an anchor, on whole minutes as slots are. */
const instant = fc
  .tuple(fc.constantFrom(...ANCHORS), fc.integer({ min: -72 * 60, max: 72 * 60 }))
  .map(([anchor, minutes]) => new Date(anchor + minutes * 60_000).toISOString())

const isoDay = (epochMs: number) => new Date(epochMs).toISOString().slice(0, 10)

const dateRange = fc
  .tuple(fc.constantFrom(...ANCHORS), fc.integer({ min: -4, max: 3 }), fc.integer({ min: 0, max: 4 }))
  .map(([anchor, from, length]) => ({
    date_range_start: isoDay(anchor + from * DAY_MS),
    date_range_end: isoDay(anchor + (from + length) * DAY_MS),
  }))

const PROVIDERS = ['provider-1', 'provider-789', 'provider-2']

const request = fc
  .record({
    clinic_id: fc.constantFrom('clinic-123', 'clinic-456'),
    preferred_providers: fc.subarray(PROVIDERS),
    preferred_time_slots: fc.subarray([...TIME_SLOTS]),
    preferred_days: fc.subarray([...WEEKDAYS]),
    range: dateRange,
  })
  .map(({ range, ...rest }) => fitRequest({ ...rest, ...range }))

const opening = fc
  .record({
    provider_id: fc.constantFrom(...PROVIDERS),
    start: instant,
    timezone: fc.constantFrom(...ZONES),
  })
  .map((fields) => openingAt(fields))

const formats = new Map(
  ZONES.map((zone) => [
    zone,
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
      weekday: 'long',
    }),
  ]),
)

/** The slot's wall clock by the runtime's own Intl, not luxon: a second opinion on every zone rule. */
const intlFacts = (slot: OpeningAtClinic): Omit<SlotFacts, 'time'> => {
  const parts = formats.get(slot.timezone)?.formatToParts(new Date(slot.start)) ?? []
  const part = (type: string) => parts.find((entry) => entry.type === type)?.value ?? ''
  return {
    clinic_id: slot.clinic_id,
    provider_id: slot.provider_id,
    timezone: slot.timezone,
    date: `${part('year')}-${part('month')}-${part('day')}` as SlotFacts['date'],
    weekday: part('weekday').toUpperCase() as SlotFacts['weekday'],
    part_of_day: partOfDay(Number(part('hour'))),
  }
}

/** What an SQL pre-filter can decide from the slot's facts alone, written as plainly as a WHERE clause. */
const prefilter = (request: FitRequest, facts: Omit<SlotFacts, 'time'>) => ({
  CLINIC: request.clinic_id === facts.clinic_id,
  PROVIDER: request.preferred_providers.length === 0 || request.preferred_providers.includes(facts.provider_id),
  DATE: request.date_range_start <= facts.date && facts.date <= request.date_range_end,
  WEEKDAY: request.preferred_days.length === 0 || request.preferred_days.includes(facts.weekday),
  PART_OF_DAY:
    request.preferred_time_slots.length === 0 ||
    request.preferred_time_slots.includes('ANYTIME') ||
    (facts.part_of_day !== null && request.preferred_time_slots.includes(facts.part_of_day)),
})

const shuffled = <T>(values: ReadonlyArray<T>) =>
  fc.shuffledSubarray([...values], { minLength: values.length, maxLength: values.length })

describe('fit and slot facts, as properties', () => {
  it('places the parts of the day at 05:00, 12:00, 17:00 and 22:00', () => {
    expect(Array.from({ length: 24 }, (_, hour) => partOfDay(hour))).to.deep.equal([
      ...Array<null>(5).fill(null),
      ...Array<string>(7).fill('MORNING'),
      ...Array<string>(5).fill('AFTERNOON'),
      ...Array<string>(5).fill('EVENING'),
      null,
      null,
    ])
  })

  it('finds the same local date, weekday and part of day as Intl, across clock changes and the date line', () => {
    fc.assert(
      fc.property(opening, (slot) => {
        const { time, ...facts } = slotFacts(slot)
        expect(facts).to.deep.equal(intlFacts(slot))
        expect(time).to.match(/^([01]\d|2[0-3]):[0-5]\d$/)
      }),
      { numRuns: 2000 },
    )
  })

  it('agrees with a pre-filter on clinic, provider, local date, weekday and part of day', () => {
    fc.assert(
      fc.property(request, opening, (candidate, slot) => {
        const verdict = fit(candidate, slot)
        const failed = new Set(E.isLeft(verdict) ? verdict.left.map((reason) => reason.code) : [])
        for (const [code, passes] of Object.entries(prefilter(candidate, intlFacts(slot)))) {
          expect(failed.has(code as 'CLINIC'), code).to.equal(!passes)
        }
      }),
      { numRuns: 2000 },
    )
  })

  it('gives the same verdict, sentences included, whatever order the preferences were sent in', () => {
    const reordered = request.chain((candidate) =>
      fc
        .record({
          preferred_providers: shuffled(candidate.preferred_providers),
          preferred_time_slots: shuffled(candidate.preferred_time_slots),
          preferred_days: shuffled(candidate.preferred_days),
        })
        .map((lists) => [candidate, { ...candidate, ...lists }] as const),
    )
    fc.assert(
      fc.property(reordered, opening, ([candidate, same], slot) => {
        expect(fit(same, slot)).to.deep.equal(fit(candidate, slot))
      }),
      { numRuns: 1000 },
    )
  })
})
