import * as t from 'io-ts'
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import { FieldErrors, fromDecodeErrors, type Validation } from '../errors/field-error'
import { withDefault } from '../codecs/optional'
import { AppointmentCategory, Clinic, Organization, Patient, Provider } from './reference-records'

const entries = <C extends t.Mixed>(codec: C) => withDefault(t.array(codec), [])

/** The file `npm run db:seed -- FILE` loads; every section may be left out. */
export const ReferenceDataFile = t.exact(
  t.type({
    organizations: entries(Organization),
    clinics: entries(Clinic),
    providers: entries(Provider),
    patients: entries(Patient),
    appointment_categories: entries(AppointmentCategory),
  }),
)
export type ReferenceDataFile = t.TypeOf<typeof ReferenceDataFile>

/** Ids already stored, so a file may refer to entries loaded by an earlier one. */
export interface KnownIds {
  readonly organizations: ReadonlySet<string>
  readonly clinics: ReadonlySet<string>
}

const duplicateIds = (file: ReferenceDataFile) =>
  (Object.keys(file) as Array<keyof ReferenceDataFile>).flatMap((section) => {
    const seen = new Set<string>()
    return file[section].flatMap((entry, index) => {
      const duplicate = seen.has(entry.id)
      seen.add(entry.id)
      return duplicate
        ? [{ field: `${section}[${index}].id`, message: `${section}[${index}] repeats id ${entry.id}` }]
        : []
    })
  })

const danglingReferences = (file: ReferenceDataFile, known: KnownIds) => {
  const organizations = new Set([...known.organizations, ...file.organizations.map((o) => o.id)])
  const clinics = new Set([...known.clinics, ...file.clinics.map((c) => c.id)])
  const missing = (section: string, index: number, field: string, id: string, kind: string) => ({
    field: `${section}[${index}].${field}`,
    message: `${section}[${index}] refers to unknown ${kind} ${id}`,
  })
  return [
    ...file.clinics.flatMap((c, i) =>
      organizations.has(c.organization_id)
        ? []
        : [missing('clinics', i, 'organization_id', c.organization_id, 'organization')],
    ),
    ...file.patients.flatMap((p, i) =>
      organizations.has(p.organization_id)
        ? []
        : [missing('patients', i, 'organization_id', p.organization_id, 'organization')],
    ),
    ...file.providers.flatMap((p, i) =>
      p.clinic_ids.filter((id) => !clinics.has(id)).map((id) => missing('providers', i, 'clinic_ids', id, 'clinic')),
    ),
    ...file.appointment_categories.flatMap((c, i) =>
      c.clinic_ids
        .filter((id) => !clinics.has(id))
        .map((id) => missing('appointment_categories', i, 'clinic_ids', id, 'clinic')),
    ),
  ]
}

/**
 * Decodes a whole file and checks it hangs together; any failure refuses the
 * whole file, each error naming the entry (`clinics[2] …`).
 */
export const validateReferenceDataFile = (input: unknown, known: KnownIds): Validation<ReferenceDataFile> =>
  pipe(
    ReferenceDataFile.decode(input),
    E.mapLeft(fromDecodeErrors),
    E.chain((file) => {
      const problems = [...duplicateIds(file), ...danglingReferences(file, known)]
      return FieldErrors.is(problems) ? E.left(problems) : E.right(file)
    }),
  )
