import * as O from 'fp-ts/Option'
import type { ValidOpening } from '../../shared/openings/create-opening'
import type { OpeningReferences } from '../../shared/openings/resolve-opening'
import type { Models } from '../db/models'
import { findCategories, findClinics, findPatients, findProviders } from './reference-data-repository'

/** Everything the opening rules need to know about one opening, looked up at once. */
export const lookupOpeningReferences = async (models: Models, opening: ValidOpening): Promise<OpeningReferences> => {
  const releasedBy = opening.released_by_patient_id
  const [clinics, providers, categories, patients] = await Promise.all([
    findClinics(models, [opening.clinic_id]),
    findProviders(models, [opening.provider_id]),
    findCategories(models, opening.appointment_category_ids),
    findPatients(models, releasedBy === undefined ? [] : [releasedBy]),
  ])
  return {
    clinic: O.fromNullable(clinics.get(opening.clinic_id)?.clinic),
    provider: O.fromNullable(providers[0]),
    categories: [...categories.values()],
    releasedBy: releasedBy === undefined ? O.none : O.fromNullable(patients.get(releasedBy)),
  }
}
