import * as E from 'fp-ts/Either'
import * as O from 'fp-ts/Option'
import { pipe } from 'fp-ts/function'
import { sequenceS } from 'fp-ts/Apply'
import type { Actor } from '../auth/actor'
import type { Identifier } from '../codecs/identifier'
import type { IsoDate } from '../codecs/iso-date'
import type { Priority } from '../codecs/priority'
import { fail, validation, type Validation } from '../errors/field-error'
import type { RequestStatus } from './enums'
import type { ListQuery, Position, Sort } from './list-query'

/** Which organizations the named reference data belongs to; absent when it does not exist. */
export interface ListReferences {
  /** The actor's organization: the token's for staff, their patient record's for a patient. */
  readonly organization: O.Option<string>
  readonly clinic: O.Option<string>
  readonly patient: O.Option<string>
  readonly provider: O.Option<ReadonlyArray<string>>
  readonly category: O.Option<ReadonlyArray<string>>
}

/** A list query made safe to run: the caller's scope is a filter like any other, never optional. */
export interface ListFilter {
  readonly organization_id: Identifier | undefined
  readonly patient_id: Identifier | undefined
  readonly clinic_id: Identifier | undefined
  readonly status: RequestStatus
  readonly priority: Priority | undefined
  readonly provider_id: Identifier | undefined
  readonly appointment_category_id: Identifier | undefined
  readonly available_on: IsoDate | undefined
  readonly sort: Sort
  readonly limit: number
  readonly after: Position | undefined
}

const passed = E.right(undefined)

const known = (
  field: string,
  what: string,
  given: string | undefined,
  organizations: O.Option<ReadonlyArray<string>>,
  organization: O.Option<string>,
): Validation<undefined> => {
  if (given === undefined) return passed
  const inScope = pipe(
    organizations,
    O.exists((ids) => O.exists((own: string) => ids.includes(own))(organization)),
  )
  return inScope ? passed : fail(field, `${field} does not name ${what}`)
}

/**
 * Patients list only their own requests (a `patient_id` they send is ignored,
 * as on a create); staff only their organization's. A clinic, patient,
 * provider or category outside that scope is a 400 exactly like one that does
 * not exist, so a filter leaks nothing across tenants.
 */
export const scopeListQuery = (actor: Actor, query: ListQuery, references: ListReferences): Validation<ListFilter> => {
  const patientId = actor.role === 'USER' ? actor.patient_id : query.patient_id
  const single = (found: O.Option<string>) => O.map((id: string) => [id])(found)
  return pipe(
    sequenceS(validation)({
      cursor:
        query.cursor !== undefined && query.cursor.sort !== query.sort
          ? fail('cursor', 'cursor belongs to another sort order: start again without it')
          : passed,
      clinic: known('clinic_id', 'a known clinic', query.clinic_id, single(references.clinic), references.organization),
      patient:
        actor.role === 'USER'
          ? passed
          : known(
              'patient_id',
              'a known patient',
              query.patient_id,
              single(references.patient),
              references.organization,
            ),
      provider: known(
        'provider_id',
        'a known provider',
        query.provider_id,
        references.provider,
        references.organization,
      ),
      category: known(
        'appointment_category_id',
        'a known category',
        query.appointment_category_id,
        references.category,
        references.organization,
      ),
    }),
    E.map(() => ({
      organization_id: actor.role === 'USER' ? undefined : actor.org_id,
      patient_id: patientId,
      clinic_id: query.clinic_id,
      status: query.status,
      priority: query.priority,
      provider_id: query.provider_id,
      appointment_category_id: query.appointment_category_id,
      available_on: query.available_on,
      sort: query.sort,
      limit: query.limit,
      after: query.cursor,
    })),
  )
}
