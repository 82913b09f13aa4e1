import { DateTime } from 'luxon'
import type { ReferenceDataFile } from '../../shared/reference-data/reference-data-file'

/**
 * Generated reference data for `npm run bench` and the valid creates to send
 * against it: several organizations (each its own waitlist span), clinics in
 * zones from UTC−10 to UTC+13, providers practising at one or two clinics,
 * patients, and categories offered at most clinics. A fixed seed makes every
 * run send the same mix, so runs compare.
 */
const ZONES = [
  'Pacific/Honolulu',
  'America/Los_Angeles',
  'America/Chicago',
  'America/New_York',
  'Europe/London',
  'Europe/Berlin',
  'Asia/Kolkata',
  'Australia/Sydney',
  'Pacific/Auckland',
]
const SLOTS = ['MORNING', 'AFTERNOON', 'EVENING', 'ANYTIME']
const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY']
const TYPES = [undefined, 'Initial Evaluation', 'FOLLOW_UP', 'follow-up']

export interface FixtureSize {
  readonly organizations: number
  readonly clinics: number
  readonly providers: number
  readonly patients: number
  readonly categories: number
}

const BENCH_FIXTURE: FixtureSize = {
  organizations: 6,
  clinics: 60,
  providers: 500,
  patients: 10_000,
  categories: 12,
}

/** mulberry32: small, fast and seeded, so the generated mix is the same every run. */
const seeded = (seed: number) => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const id = (kind: string, index: number) => `bench-${kind}-${index}`
const orgOf = (index: number, size: FixtureSize) => id('org', index % size.organizations)
/** Category c is offered at every clinic but those where (clinic + c) is a multiple of 4. */
const offered = (clinic: number, category: number) => (clinic + category) % 4 !== 0
const maxSpanOf = (organization: number) => 30 + 15 * organization

export const referenceData = (size: FixtureSize = BENCH_FIXTURE): ReferenceDataFile => {
  const clinics = Array.from({ length: size.clinics }, (_, c) => c)
  return {
    organizations: Array.from({ length: size.organizations }, (_, o) => ({
      id: id('org', o),
      name: `Bench organization ${o}`,
      waitlist: { enabled: true, max_span_days: maxSpanOf(o) },
    })),
    clinics: clinics.map((c) => ({
      id: id('clinic', c),
      organization_id: orgOf(c, size),
      name: `Bench clinic ${c}`,
      timezone: ZONES[c % ZONES.length] as string,
    })),
    // Provider p practises at clinic p mod clinics, and every third one also at the next clinic of its organization.
    providers: Array.from({ length: size.providers }, (_, p) => ({
      id: id('provider', p),
      clinic_ids: [
        id('clinic', p % size.clinics),
        ...(p % 3 === 0 ? [id('clinic', (p + size.organizations) % size.clinics)] : []),
      ],
      first_name: `Provider${p}`,
      last_name: `Bench`,
      title: p % 2 === 0 ? 'DPT' : 'PT',
    })),
    patients: Array.from({ length: size.patients }, (_, p) => ({
      id: id('patient', p),
      organization_id: orgOf(p, size),
      first_name: `Patient${p}`,
      last_name: 'Bench',
    })),
    appointment_categories: Array.from({ length: size.categories }, (_, k) => ({
      id: id('category', k),
      clinic_ids: clinics.filter((c) => offered(c, k)).map((c) => id('clinic', c)),
      name: `Bench category ${k}`,
      appointment_type: k % 2 === 0 ? ('INITIAL_EVAL' as const) : ('FOLLOW_UP' as const),
      duration_minutes: 30 + 15 * (k % 3),
    })),
  } as ReferenceDataFile
}

/** Who sends a create: a patient for themself, or staff of the patient's organization naming them in the query. */
export type BenchCaller =
  | { readonly role: 'USER'; readonly patient_id: string }
  | { readonly role: 'STAFF'; readonly org_id: string; readonly patient_id: string }

export interface BenchCreate {
  readonly caller: BenchCaller
  readonly body: Record<string, unknown>
}

const sample = <A>(random: () => number, items: ReadonlyArray<A>, most: number): A[] =>
  items.filter(() => random() < most / items.length)

/**
 * `count` creates every rule accepts today: a patient and a clinic of one
 * organization, a category offered there, providers practising there, a start
 * from tomorrow to two weeks ahead on the clinic's calendar and a span inside
 * the organization's limit.
 */
export const benchCreates = (count: number, now: Date, size: FixtureSize = BENCH_FIXTURE): BenchCreate[] => {
  const random = seeded(6)
  const pickIndex = (n: number) => Math.floor(random() * n)
  return Array.from({ length: count }, (_, index) => {
    const patient = pickIndex(size.patients)
    const organization = patient % size.organizations
    const clinic = organization + size.organizations * pickIndex(Math.floor(size.clinics / size.organizations))
    const categories = Array.from({ length: size.categories }, (_, k) => k).filter((k) => offered(clinic, k))
    const providers = Array.from({ length: size.providers }, (_, p) => p).filter(
      (p) => p % size.clinics === clinic || (p % 3 === 0 && (p + size.organizations) % size.clinics === clinic),
    )
    const start = DateTime.fromJSDate(now)
      .setZone(ZONES[clinic % ZONES.length])
      .startOf('day')
      .plus({ days: 1 + pickIndex(14) })
    const type = TYPES[pickIndex(TYPES.length)]
    const body = {
      clinic_id: id('clinic', clinic),
      preferred_providers: sample(random, providers, 2).map((p) => id('provider', p)),
      preferred_time_slots: sample(random, SLOTS, 1.5),
      preferred_days: sample(random, DAYS, 3),
      date_range_start: start.toISODate(),
      date_range_end: start.plus({ days: pickIndex(maxSpanOf(organization) + 1) }).toISODate(),
      appointment_category_id: id('category', categories[pickIndex(categories.length)] ?? 0),
      ...(type === undefined ? {} : { appointment_type: type }),
      payment_type: random() < 0.5 ? 'INSURANCE_PAY' : 'SELF_PAY',
      priority: 1 + pickIndex(5),
      ...(random() < 0.5
        ? { notes: `Bench create ${index}: prefers ${random() < 0.5 ? 'mornings' : 'late slots'}` }
        : {}),
    }
    const caller: BenchCaller =
      index % 2 === 0
        ? { role: 'USER', patient_id: id('patient', patient) }
        : { role: 'STAFF', org_id: orgOf(organization, size), patient_id: id('patient', patient) }
    return { caller, body }
  })
}
