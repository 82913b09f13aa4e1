import * as E from 'fp-ts/Either'
import * as O from 'fp-ts/Option'
import * as NEA from 'fp-ts/NonEmptyArray'
import * as N from 'fp-ts/number'
import * as Ord from 'fp-ts/Ord'
import * as S from 'fp-ts/string'
import { pipe } from 'fp-ts/function'
import { sequenceS } from 'fp-ts/Apply'
import { daysBetween, dateInZone, type IsoDate } from '../codecs/iso-date'
import { DEFAULT_PRIORITY, type Priority } from '../codecs/priority'
import { fail, validation, type FieldError, type Validation } from '../errors/field-error'
import type { AppointmentCategory, Clinic, Organization, Patient, Provider } from '../reference-data/reference-records'
import { CREATE_REQUEST_FIELDS } from './create-waitlist-request'
import type { CreateSubmission } from './create-submission'
import { WAITLIST_NOT_CONFIGURED } from './messages'
import { providerDetailsField, type ProviderDetails, type ResolvedWaitlistRequest } from './waitlist-request-payload'

/** What the worker looked up for one submission; anything not found is absent. */
export interface CreateReferences {
  readonly clinic: O.Option<{ readonly clinic: Clinic; readonly organization: Organization }>
  readonly patient: O.Option<Patient>
  readonly category: O.Option<AppointmentCategory>
  /** The providers found among the preferred ids, in any order. */
  readonly providers: ReadonlyArray<Provider>
}

const notFound = (field: string, what: string) => fail(field, `${field} does not name ${what}`)

const passed = E.right(undefined)

/**
 * How a change differs from a create: a start date already stored may stay, though it is now past, and the
 * priority is what the change rules let through (only staff may change it), whatever the organization says of
 * what patients state on a create.
 */
export interface ResolveOptions {
  readonly change?: { readonly storedStart: IsoDate }
}

const checkDates = (
  submission: CreateSubmission,
  clinic: Clinic,
  organization: Organization,
  now: Date,
  options: ResolveOptions,
): Validation<undefined> => {
  const settings = organization.waitlist
  if (settings === null || !settings.enabled) return fail('clinic_id', WAITLIST_NOT_CONFIGURED)
  const { date_range_start: start, date_range_end: end } = submission.request
  const today = dateInZone(now, clinic.timezone)
  return pipe(
    sequenceS(validation)({
      start:
        start < today && start !== options.change?.storedStart
          ? fail('date_range_start', `date_range_start must be today (${today} in the clinic's time zone) or later`)
          : passed,
      span:
        daysBetween(start, end) > settings.max_span_days
          ? fail(
              'date_range_end',
              `date_range_end must be at most ${settings.max_span_days} days after date_range_start`,
            )
          : passed,
    }),
    E.map(() => undefined),
  )
}

/** A patient's own create states its priority only where the organization accepts it (docs/reference-data.md). */
const priorityOf = (submission: CreateSubmission, organization: Organization, options: ResolveOptions): Priority =>
  options.change === undefined &&
  submission.actor.role === 'USER' &&
  organization.waitlist?.patient_priority === 'ignore'
    ? DEFAULT_PRIORITY
    : submission.request.priority

const resolveCategory = (clinic: Clinic, category: O.Option<AppointmentCategory>): Validation<AppointmentCategory> =>
  pipe(
    category,
    O.filter((candidate) => candidate.clinic_ids.includes(clinic.id)),
    O.matchW(() => notFound('appointment_category_id', 'a category offered at this clinic'), E.right),
  )

const resolveProviders = (
  submission: CreateSubmission,
  clinic: Clinic,
  providers: ReadonlyArray<Provider>,
): Validation<ReadonlyArray<ProviderDetails>> => {
  const practising = new Map(
    providers.filter((provider) => provider.clinic_ids.includes(clinic.id)).map((provider) => [provider.id, provider]),
  )
  const details = submission.request.preferred_providers.flatMap((id) => {
    const provider = practising.get(id)
    return provider === undefined
      ? []
      : [{ id: provider.id, first_name: provider.first_name, last_name: provider.last_name, title: provider.title }]
  })
  const unknown = submission.request.preferred_providers.filter((id) => !practising.has(id))
  return unknown.length > 0
    ? fail(
        'preferred_providers',
        `preferred_providers contains providers who do not practise at this clinic: ${unknown.join(', ')}`,
      )
    : E.right(details)
}

const reportOrder: ReadonlyArray<string> = ['patient_id', ...CREATE_REQUEST_FIELDS]
const byReportOrder = pipe(
  N.Ord,
  Ord.contramap((error: FieldError) => reportOrder.indexOf(error.field)),
)

/**
 * The rules that need reference data: tenancy, the organization's waitlist
 * settings, "today" on the clinic's clock, the category offered there and the
 * providers practising there. A clinic or patient outside the actor's
 * organization is answered exactly as one that does not exist.
 */
export const resolveCreateRequest = (
  submission: CreateSubmission,
  references: CreateReferences,
  now: Date,
  options: ResolveOptions = {},
): Validation<ResolvedWaitlistRequest> => {
  const { actor, request } = submission
  const organizationId =
    actor.role === 'USER'
      ? pipe(
          references.patient,
          O.map((patient) => patient.organization_id),
        )
      : O.some(actor.org_id)
  const inScope = (id: string) => O.elem(S.Eq)(id, organizationId)

  const patient = pipe(
    references.patient,
    O.filter((found) => inScope(found.organization_id)),
    O.matchW(() => notFound('patient_id', 'a known patient'), E.right),
  )
  const atClinic = pipe(
    references.clinic,
    O.filter((found) => inScope(found.clinic.organization_id)),
    O.match(
      () => notFound('clinic_id', 'a known clinic'),
      ({ clinic, organization }) =>
        pipe(
          sequenceS(validation)({
            dates: checkDates(submission, clinic, organization, now, options),
            category: resolveCategory(clinic, references.category),
            providers: resolveProviders(submission, clinic, references.providers),
          }),
          E.map(({ category, providers }) => ({
            clinic,
            category,
            providers,
            priority: priorityOf(submission, organization, options),
          })),
        ),
    ),
  )

  return pipe(
    sequenceS(validation)({ patient, atClinic }),
    E.bimap(NEA.sort(byReportOrder), ({ patient: found, atClinic: { clinic, category, providers, priority } }) => ({
      organization_id: clinic.organization_id,
      clinic_id: clinic.id,
      patient_id: found.id,
      preferred_providers: request.preferred_providers,
      preferred_provider_details: providerDetailsField(providers),
      preferred_time_slots: request.preferred_time_slots,
      preferred_days: request.preferred_days,
      date_range_start: request.date_range_start,
      date_range_end: request.date_range_end,
      appointment_category_id: request.appointment_category_id,
      appointment_category: request.appointment_category ?? category.name,
      appointment_type: request.appointment_type ?? category.appointment_type,
      appointment_duration: category.duration_minutes,
      payment_type: request.payment_type,
      priority,
      notes: request.notes ?? null,
      patient: { id: found.id, first_name: found.first_name, last_name: found.last_name },
    })),
  )
}
