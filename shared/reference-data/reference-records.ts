import * as t from 'io-ts'
import { Identifier } from '../codecs/identifier'
import { TimeZone } from '../codecs/time-zone'
import { storedText } from '../codecs/stored-text'
import { withDefault } from '../codecs/optional'
import { OfferPolicy } from './offer-policy'
import { Webhook } from './webhook'

/**
 * The reference data the service keeps its own copy of (docs/reference-data.md). These
 * codecs are both the seed file's entries and what the worker looks up.
 */

export const DEFAULT_MAX_SPAN_DAYS = 30

/** What a category books; a request copies its category's type (or names one itself). */
export const AppointmentType = t.keyof({ INITIAL_EVAL: null, FOLLOW_UP: null }, 'AppointmentType')
export type AppointmentType = t.TypeOf<typeof AppointmentType>

interface NameBrand {
  readonly Name: unique symbol
}
interface TitleBrand {
  readonly Title: unique symbol
}

// Stored text, so a name PostgreSQL cannot hold is refused with the file rather than failing its load.
const Name = storedText<NameBrand, 'Name'>('Name', { maxLength: 200, nonBlank: true })
const Title = storedText<TitleBrand, 'Title'>('Title', { maxLength: 100, nonBlank: false })
const PositiveInt = t.refinement(t.number, (n) => Number.isInteger(n) && n > 0 && n <= 3650, 'PositiveInt')
const Duration = t.refinement(t.number, (n) => Number.isInteger(n) && n > 0 && n <= 24 * 60, 'Duration')
const ClinicIds = t.refinement(t.array(Identifier), (ids) => ids.length > 0, 'ClinicIds')

/**
 * Whether a patient's own create may state its priority (`accept`) or gets the default (`ignore`): triage is the
 * clinic's call where it says so. Changing an existing request's priority is for staff everywhere.
 */
const PatientPriority = t.keyof({ accept: null, ignore: null }, 'PatientPriority')
type PatientPriority = t.TypeOf<typeof PatientPriority>
export const DEFAULT_PATIENT_PRIORITY: PatientPriority = 'accept'

const WaitlistSettings = t.exact(
  t.type({
    enabled: t.boolean,
    max_span_days: withDefault(PositiveInt, DEFAULT_MAX_SPAN_DAYS),
    patient_priority: withDefault(PatientPriority, DEFAULT_PATIENT_PRIORITY),
    offers: OfferPolicy,
  }),
)

export const Organization = t.exact(
  t.type({
    id: Identifier,
    name: Name,
    waitlist: withDefault(WaitlistSettings, null),
    // null: no webhook, events are logged instead (docs/webhooks.md).
    webhook: withDefault(Webhook, null),
  }),
)
export type Organization = t.TypeOf<typeof Organization>

export const Clinic = t.exact(t.type({ id: Identifier, organization_id: Identifier, name: Name, timezone: TimeZone }))
export type Clinic = t.TypeOf<typeof Clinic>

export const Provider = t.exact(
  t.type({ id: Identifier, clinic_ids: ClinicIds, first_name: Name, last_name: Name, title: Title }),
)
export type Provider = t.TypeOf<typeof Provider>

export const Patient = t.exact(
  t.type({ id: Identifier, organization_id: Identifier, first_name: Name, last_name: Name }),
)
export type Patient = t.TypeOf<typeof Patient>

export const AppointmentCategory = t.exact(
  t.type({
    id: Identifier,
    clinic_ids: ClinicIds,
    name: Name,
    appointment_type: AppointmentType,
    duration_minutes: Duration,
  }),
)
export type AppointmentCategory = t.TypeOf<typeof AppointmentCategory>
