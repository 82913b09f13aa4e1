import * as t from 'io-ts'
import * as E from 'fp-ts/Either'
import * as NEA from 'fp-ts/NonEmptyArray'
import { FieldErrors, fromDecodeErrors, type FieldError, type Validation } from '../errors/field-error'
import { withDefault } from '../codecs/optional'
import { AppointmentCategory, Clinic, Organization, Patient, Provider } from './reference-records'
import { isRecord } from '../codecs/input-guards'

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

/** Each section's entries by position; an entry that does not decode is `undefined` (and reported already). */
type Sections = { [K in keyof ReferenceDataFile]: Array<ReferenceDataFile[K][number] | undefined> }

const rawEntries = (input: unknown, section: keyof ReferenceDataFile): unknown[] => {
  const found = isRecord(input) ? input[section] : undefined
  return Array.isArray(found) ? found : []
}

const decodeEntries = <A>(codec: t.Decoder<unknown, A>, input: unknown, section: keyof ReferenceDataFile) =>
  rawEntries(input, section).map((entry): A | undefined => {
    const decoded = codec.decode(entry)
    return E.isRight(decoded) ? decoded.right : undefined
  })

/** Every entry decoded on its own, so the well-formed ones can still be checked against each other. */
const decodeEach = (input: unknown): Sections => ({
  organizations: decodeEntries(Organization, input, 'organizations'),
  clinics: decodeEntries(Clinic, input, 'clinics'),
  providers: decodeEntries(Provider, input, 'providers'),
  patients: decodeEntries(Patient, input, 'patients'),
  appointment_categories: decodeEntries(AppointmentCategory, input, 'appointment_categories'),
})

/** Ids the file names, malformed entries included: an entry refused for its time zone is not also "unknown" to others. */
const namedIds = (input: unknown, section: keyof ReferenceDataFile): string[] =>
  rawEntries(input, section).flatMap((entry) =>
    isRecord(entry) && typeof entry['id'] === 'string' ? [entry['id']] : [],
  )

const duplicateIds = (sections: Sections): FieldError[] =>
  (Object.keys(sections) as Array<keyof Sections>).flatMap((section) => {
    const seen = new Set<string>()
    return sections[section].flatMap((entry, index) => {
      if (entry === undefined) return []
      const duplicate = seen.has(entry.id)
      seen.add(entry.id)
      return duplicate
        ? [{ field: `${section}[${index}].id`, message: `${section}[${index}] repeats id ${entry.id}` }]
        : []
    })
  })

const danglingReferences = (sections: Sections, input: unknown, known: KnownIds): FieldError[] => {
  const organizations = new Set([...known.organizations, ...namedIds(input, 'organizations')])
  const clinics = new Set([...known.clinics, ...namedIds(input, 'clinics')])
  const missing = (section: string, index: number, field: string, id: string, kind: string) => ({
    field: `${section}[${index}].${field}`,
    message: `${section}[${index}] refers to unknown ${kind} ${id}`,
  })
  const unknownIn = (ids: ReadonlyArray<string>, present: ReadonlySet<string>) => ids.filter((id) => !present.has(id))
  return [
    ...sections.clinics.flatMap((c, i) =>
      c === undefined
        ? []
        : unknownIn([c.organization_id], organizations).map((id) =>
            missing('clinics', i, 'organization_id', id, 'organization'),
          ),
    ),
    ...sections.patients.flatMap((p, i) =>
      p === undefined
        ? []
        : unknownIn([p.organization_id], organizations).map((id) =>
            missing('patients', i, 'organization_id', id, 'organization'),
          ),
    ),
    ...sections.providers.flatMap((p, i) =>
      p === undefined
        ? []
        : unknownIn(p.clinic_ids, clinics).map((id) => missing('providers', i, 'clinic_ids', id, 'clinic')),
    ),
    ...sections.appointment_categories.flatMap((c, i) =>
      c === undefined
        ? []
        : unknownIn(c.clinic_ids, clinics).map((id) =>
            missing('appointment_categories', i, 'clinic_ids', id, 'clinic'),
          ),
    ),
  ]
}

/**
 * Decodes a whole file and checks it hangs together; any failure refuses the
 * whole file. Every problem is reported at once, each naming its entry
 * (`clinics[2].timezone is invalid`, `providers[0] refers to unknown clinic …`).
 */
export const validateReferenceDataFile = (input: unknown, known: KnownIds): Validation<ReferenceDataFile> => {
  const decoded = ReferenceDataFile.decode(input)
  const sections = E.isRight(decoded) ? decoded.right : decodeEach(input)
  const inconsistencies = [...duplicateIds(sections), ...danglingReferences(sections, input, known)]
  if (E.isLeft(decoded)) return E.left(NEA.concat(fromDecodeErrors(decoded.left), inconsistencies))
  return FieldErrors.is(inconsistencies) ? E.left(inconsistencies) : E.right(decoded.right)
}
