import * as t from 'io-ts'
import { optional, withDefault } from '../codecs/optional'
import { objectOf, ruled as field } from '../codecs/object-of'

/**
 * An organization's offer policy, `waitlist.offers` in the reference data
 * (docs/offer-policy.md). Every field may be left out; its default applies.
 */

const wholeNumber = (min: number, max: number) =>
  t.refinement(t.number, (n) => Number.isInteger(n) && n >= min && n <= max, `Integer[${min},${max}]`)

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/
const TimeOfDay = t.refinement(t.string, (s) => HH_MM.test(s), 'TimeOfDay')

/** Local times of day in the clinic's zone; `start` after `end` means the window crosses midnight. */
const QuietHours = t.refinement(
  t.exact(t.type({ start: TimeOfDay, end: TimeOfDay })),
  (q) => q.start !== q.end,
  'QuietHours',
)
export type QuietHours = t.TypeOf<typeof QuietHours>

const DEFAULT_QUIET_HOURS: QuietHours = { start: '20:00', end: '08:00' }

const QuietHoursOrNone = t.union([t.null, QuietHours])

// Unlike the other fields, null is meaningful here: it turns quiet hours off, while absent means the default.
const QuietHoursSetting = new t.Type<QuietHours | null, QuietHours | null, unknown>(
  'QuietHoursSetting',
  QuietHoursOrNone.is,
  (input, context) =>
    input === undefined ? t.success(DEFAULT_QUIET_HOURS) : QuietHoursOrNone.validate(input, context),
  t.identity,
)

const DEFAULTS = { batch_size: 3, min_notice_minutes: 120, offer_delay_seconds: 0, max_offers_per_patient_per_day: 3 }

const Fields = t.exact(
  t.type({
    batch_size: field(withDefault(wholeNumber(1, 50), DEFAULTS.batch_size), 'must be a whole number from 1 to 50'),
    hold_seconds: field(
      optional(wholeNumber(60, 7 * 24 * 3600)),
      'must be a whole number of seconds from 60 to 604800 (7 days), or left out to hold by notice',
    ),
    min_notice_minutes: field(
      withDefault(wholeNumber(0, 7 * 24 * 60), DEFAULTS.min_notice_minutes),
      'must be a whole number of minutes from 0 to 10080 (7 days)',
    ),
    offer_delay_seconds: field(
      withDefault(wholeNumber(0, 24 * 3600), DEFAULTS.offer_delay_seconds),
      'must be a whole number of seconds from 0 to 86400 (a day)',
    ),
    quiet_hours: field(
      QuietHoursSetting,
      'must be null or {"start": "HH:MM", "end": "HH:MM"}, two different 24-hour times in the clinic\'s zone',
    ),
    max_offers_per_patient_per_day: field(
      withDefault(wholeNumber(1, 100), DEFAULTS.max_offers_per_patient_per_day),
      'must be a whole number from 1 to 100',
    ),
  }),
)
export type OfferPolicy = t.TypeOf<typeof Fields>

const PolicyObject = objectOf(Fields, 'the offer policy')

export const DEFAULT_OFFER_POLICY: OfferPolicy = {
  ...DEFAULTS,
  hold_seconds: undefined,
  quiet_hours: DEFAULT_QUIET_HOURS,
}

/** `waitlist.offers`: absent or null is the default policy; each field decodes with a message naming it. */
export const OfferPolicy = withDefault(PolicyObject, DEFAULT_OFFER_POLICY)
