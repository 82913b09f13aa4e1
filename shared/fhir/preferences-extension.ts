import * as t from 'io-ts'
import type { TimeSlot, Weekday } from '../waitlist-request/enums'
import { PREFERENCES_EXTENSION_URL } from './fhir-names'

/** R4's days-of-week codes (http://hl7.org/fhir/days-of-week), the ones Schedule and HealthcareService use. */
const DAY_CODES: Readonly<Record<Weekday, string>> = {
  MONDAY: 'mon',
  TUESDAY: 'tue',
  WEDNESDAY: 'wed',
  THURSDAY: 'thu',
  FRIDAY: 'fri',
  SATURDAY: 'sat',
  SUNDAY: 'sun',
}

const Preference = t.exact(t.type({ url: t.keyof({ dayOfWeek: null, partOfDay: null }), valueCode: t.string }))

/**
 * The complex extension `waitlist-preferences` (docs/fhir.md#the-preferences-extension): a request's preferred
 * days and parts of day, on the clinic's calendar and clock, which no element of Appointment holds.
 */
export const PreferencesExtension = t.exact(
  t.type({ url: t.literal(PREFERENCES_EXTENSION_URL), extension: t.array(Preference) }),
)
export type PreferencesExtension = t.TypeOf<typeof PreferencesExtension>

/** The extension for these preferences; none when the request has none (FHIR has no empty extensions). */
export const preferencesExtension = (
  days: ReadonlyArray<Weekday>,
  parts: ReadonlyArray<TimeSlot>,
): PreferencesExtension | undefined => {
  const extension = [
    ...days.map((day) => ({ url: 'dayOfWeek' as const, valueCode: DAY_CODES[day] })),
    ...parts.map((part) => ({ url: 'partOfDay' as const, valueCode: part })),
  ]
  return extension.length === 0 ? undefined : { url: PREFERENCES_EXTENSION_URL, extension }
}
