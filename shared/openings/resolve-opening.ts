import * as E from 'fp-ts/Either'
import * as O from 'fp-ts/Option'
import * as NEA from 'fp-ts/NonEmptyArray'
import { pipe } from 'fp-ts/function'
import { sequenceS } from 'fp-ts/Apply'
import type { Identifier } from '../codecs/identifier'
import type { TimeZone } from '../codecs/time-zone'
import { fail, validation, type Validation } from '../errors/field-error'
import type { AppointmentCategory, Clinic, Patient, Provider } from '../reference-data/reference-records'
import { byOpeningFieldOrder, type ValidOpening } from './create-opening'

/** What the worker looked up for one opening; anything not found is absent. */
export interface OpeningReferences {
  readonly clinic: O.Option<Clinic>
  readonly provider: O.Option<Provider>
  /** The categories found among the opening's, in any order. */
  readonly categories: ReadonlyArray<AppointmentCategory>
  readonly releasedBy: O.Option<Patient>
}

/** An opening every rule has passed, with what the rules learnt: whose it is and its clinic's clock. */
export interface ResolvedOpening {
  readonly opening: ValidOpening
  readonly organization_id: Identifier
  readonly timezone: TimeZone
}

const passed: Validation<undefined> = E.right(undefined)

const notFound = (field: string, what: string) => fail(field, `${field} does not name ${what}`)

const atClinicRules = (opening: ValidOpening, clinic: Clinic, references: OpeningReferences): Validation<undefined> => {
  const offered = new Set(
    references.categories.filter((category) => category.clinic_ids.includes(clinic.id)).map((category) => category.id),
  )
  const notOffered = opening.appointment_category_ids.filter((id) => !offered.has(id))
  return pipe(
    sequenceS(validation)({
      provider: pipe(
        references.provider,
        O.filter((provider) => provider.clinic_ids.includes(clinic.id)),
        O.match(
          () => notFound('provider_id', 'a provider practising at this clinic'),
          () => passed,
        ),
      ),
      categories:
        notOffered.length > 0
          ? fail(
              'appointment_category_ids',
              `appointment_category_ids contains categories not offered at this clinic: ${notOffered.join(', ')}`,
            )
          : passed,
    }),
    E.map(() => undefined),
  )
}

/**
 * The rules of an opening that need reference data (docs/matching.md): the
 * clinic is the actor's organization's, the provider practises there, each
 * category is offered there, and whoever released the slot is a patient of
 * the organization. Anything of another organization is answered exactly as
 * one that does not exist; every failure is reported at once.
 */
export const resolveOpening = (
  submission: { readonly actor: { readonly org_id: string }; readonly opening: ValidOpening },
  references: OpeningReferences,
): Validation<ResolvedOpening> => {
  const { actor, opening } = submission
  const ours = (organizationId: string) => organizationId === actor.org_id
  const clinic = pipe(
    references.clinic,
    O.filter((found) => ours(found.organization_id)),
    O.match(
      () => notFound('clinic_id', 'a known clinic'),
      (found) =>
        pipe(
          atClinicRules(opening, found, references),
          E.map(() => found),
        ),
    ),
  )
  const releasedBy =
    opening.released_by_patient_id === undefined
      ? passed
      : pipe(
          references.releasedBy,
          O.filter((patient) => ours(patient.organization_id)),
          O.match(
            () => notFound('released_by_patient_id', 'a known patient'),
            () => passed,
          ),
        )
  return pipe(
    sequenceS(validation)({ clinic, releasedBy }),
    E.bimap(NEA.sort(byOpeningFieldOrder), ({ clinic: found }) => ({
      opening,
      organization_id: found.organization_id,
      timezone: found.timezone,
    })),
  )
}
