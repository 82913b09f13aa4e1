import { DateTime } from 'luxon'
import type { IsoDate } from '../../shared/codecs/iso-date'
import type { ImportFormat } from './import-file'

/**
 * Rows for trying imports at volume against the demo data
 * (worker/seed/demo-data.json): org-1's clinic-123, its two patients, both of
 * its categories and providers, dates from a week after `today` within
 * org-1's 60-day span. Every `invalidEvery`-th row breaks a rule, to show
 * rejections in the report; 0 makes every row valid.
 */
export interface GenerateOptions {
  readonly rows: number
  /** Today on clinic-123's calendar (America/New_York). */
  readonly today: IsoDate
  readonly invalidEvery: number
}

const PATIENTS = ['patient-012', 'patient-013']
const PROVIDERS = [['provider-789'], ['provider-012'], ['provider-789', 'provider-012'], []]
const SLOTS = [['MORNING'], ['AFTERNOON'], ['MORNING', 'EVENING'], ['ANYTIME'], []]
const DAYS = [['MONDAY', 'WEDNESDAY', 'FRIDAY'], ['TUESDAY', 'THURSDAY'], ['SATURDAY'], []]
const CATEGORIES = ['2058', '2059']
const PAYMENTS = ['INSURANCE_PAY', 'SELF_PAY']

const pick = <A>(items: ReadonlyArray<A>, index: number): A => items[index % items.length] as A

const plusDays = (date: IsoDate, days: number): string =>
  DateTime.fromISO(date, { zone: 'utc' }).plus({ days }).toISODate() ?? date

type GeneratedRow = Record<string, string | number | readonly string[]>

export const generatedRow = (index: number, options: GenerateOptions): GeneratedRow => {
  const start = plusDays(options.today, 7 + (index % 21))
  const row = {
    patient_id: pick(PATIENTS, index),
    clinic_id: 'clinic-123',
    preferred_providers: pick(PROVIDERS, index),
    preferred_time_slots: pick(SLOTS, index),
    preferred_days: pick(DAYS, index),
    date_range_start: start,
    date_range_end: plusDays(start as IsoDate, 7 + (index % 50)),
    appointment_category_id: pick(CATEGORIES, index),
    payment_type: pick(PAYMENTS, index),
    priority: 1 + (index % 5),
    notes: `Generated row ${index + 1}`,
  }
  const broken = options.invalidEvery > 0 && (index + 1) % options.invalidEvery === 0
  // Ends before it starts: the API page's own documented rejection.
  return broken ? { ...row, date_range_end: plusDays(start as IsoDate, -1) } : row
}

const CSV_COLUMNS = [
  'patient_id',
  'clinic_id',
  'preferred_providers',
  'preferred_time_slots',
  'preferred_days',
  'date_range_start',
  'date_range_end',
  'appointment_category_id',
  'payment_type',
  'priority',
  'notes',
] as const

const csvLine = (row: GeneratedRow): string =>
  CSV_COLUMNS.map((column) => {
    const value = row[column]
    return Array.isArray(value) ? value.join(';') : String(value ?? '')
  }).join(',')

/** The file's text, one line per row (generated values never need CSV quoting). */
export const generateFile = (format: ImportFormat, options: GenerateOptions): string => {
  const lines = Array.from({ length: options.rows }, (_, index) => {
    const row = generatedRow(index, options)
    return format === 'csv' ? csvLine(row) : JSON.stringify(row)
  })
  return [...(format === 'csv' ? [CSV_COLUMNS.join(',')] : []), ...lines].join('\n') + '\n'
}
