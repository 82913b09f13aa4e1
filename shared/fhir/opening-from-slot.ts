import * as E from 'fp-ts/Either'
import * as NEA from 'fp-ts/NonEmptyArray'
import { pipe } from 'fp-ts/function'
import type * as t from 'io-ts'
import { fromDecodeErrors, type FieldError } from '../errors/field-error'
import { validateOpening } from '../openings/create-opening'
import { CODE_SYSTEMS, IDENTIFIER_SYSTEMS } from './fhir-names'
import { SlotInput, type ActorInput } from './slot-input'

/** Where each field of the JSON form came from in the Slot: the FHIRPath its refusals are reported at. */
type SlotPaths = Readonly<Record<string, string>>

/** The Slot as the JSON body of `POST /apis/v1/openings`, ready for the very rules and job that body goes through. */
export interface SlotAsOpening {
  readonly body: Record<string, unknown>
  readonly paths: SlotPaths
}

/** Why a Slot was refused: 400 when it is not a Slot R4 can read, 422 when it is one the service cannot open. */
export interface SlotRefusal {
  readonly status: 400 | 422
  readonly errors: NEA.NonEmptyArray<FieldError>
  readonly paths: SlotPaths
}

const MINUTE_MS = 60_000

/** What reading one part of the Slot gave: fields of the JSON form, where they came from, what is wrong. */
interface Part {
  readonly body: Record<string, unknown>
  readonly paths: Record<string, string>
  readonly problems: FieldError[]
}

const part = (body: Record<string, unknown>, paths: Record<string, string>, problems: FieldError[] = []): Part => ({
  body,
  paths,
  problems,
})

/** A problem of the Slot, reported against the field of the JSON form it stands for, at its own FHIRPath. */
const problem = (field: string, expression: string, message: string): Part =>
  part({}, { [field]: expression }, [{ field, message }])

const actorsNamed = (actors: ReadonlyArray<ActorInput>, system: string) =>
  actors.flatMap((actor, index) => (actor.identifier?.system === system ? [{ actor, index }] : []))

/** The one actor of the Schedule whose identifier is in `system`: the clinic or the provider. */
const oneActor = (
  field: 'clinic_id' | 'provider_id',
  what: string,
  system: string,
  actors: ReadonlyArray<ActorInput>,
  at: string,
): Part => {
  const named = actorsNamed(actors, system)
  const [only] = named
  if (named.length !== 1 || only === undefined)
    return problem(
      field,
      `${at}.actor`,
      `${at}.actor must name exactly one ${what}: an actor whose identifier has system ${system}`,
    )
  return part({ [field]: only.actor.identifier?.value }, { [field]: `${at}.actor[${only.index}].identifier.value` })
}

/** The clinic and the provider, from the actors of the Schedule `Slot.schedule` refers to. */
const scheduleActors = (slot: SlotInput): Part => {
  const reference = slot.schedule.reference
  const index = (slot.contained ?? []).findIndex((schedule) => `#${schedule.id}` === reference)
  const schedule = slot.contained?.[index]
  if (schedule === undefined) {
    const message = 'Slot.schedule.reference must name a Schedule contained in the Slot, like "#schedule"'
    return merge([problem('clinic_id', 'Slot.schedule', message), problem('provider_id', 'Slot.schedule', message)])
  }
  const at = `Slot.contained[${index}]`
  return merge([
    oneActor('clinic_id', 'clinic', IDENTIFIER_SYSTEMS.clinic, schedule.actor, at),
    oneActor('provider_id', 'provider', IDENTIFIER_SYSTEMS.provider, schedule.actor, at),
  ])
}

/** The start, and the length from `end`, which must be whole minutes after it (the JSON form judges the range). */
const times = (slot: SlotInput): Part => {
  const start = part({ start: slot.start }, { start: 'Slot.start' })
  const minutes = (Date.parse(slot.end) - Date.parse(slot.start)) / MINUTE_MS
  if (!Number.isInteger(minutes) || minutes <= 0)
    return merge([
      start,
      problem('duration_minutes', 'Slot.end', 'Slot.end must be a whole number of minutes after Slot.start'),
    ])
  return merge([start, part({ duration_minutes: minutes }, { duration_minutes: 'Slot.end' })])
}

/** Categories are the codes of our system among each serviceType's codings; a serviceType without one is refused. */
const categories = (slot: SlotInput): Part => {
  const types = slot.serviceType ?? []
  const codes = types.map((type) => type.coding?.find((coding) => coding.system === CODE_SYSTEMS.appointmentCategory))
  const missing = codes.flatMap((coding, index) => (coding?.code === undefined ? [index] : []))
  if (missing.length > 0)
    return merge(
      missing.map((index) =>
        problem(
          'appointment_category_ids',
          `Slot.serviceType[${index}].coding`,
          `Slot.serviceType[${index}] must have a coding with system ${CODE_SYSTEMS.appointmentCategory} and a code`,
        ),
      ),
    )
  return part(
    { appointment_category_ids: codes.map((coding) => coding?.code) },
    { appointment_category_ids: 'Slot.serviceType' },
  )
}

/** The practice system's id of the slot: its `id`, else the first identifier's value. */
const externalId = (slot: SlotInput): Part => {
  if (slot.id !== undefined) return part({ external_id: slot.id }, { external_id: 'Slot.id' })
  const index = (slot.identifier ?? []).findIndex((identifier) => identifier.value !== undefined)
  if (index < 0) return part({}, {})
  return part({ external_id: slot.identifier?.[index]?.value }, { external_id: `Slot.identifier[${index}].value` })
}

const status = (slot: SlotInput): Part =>
  slot.status === 'free'
    ? part({}, {})
    : problem('status', 'Slot.status', `Slot.status is ${slot.status}: only a free Slot can be opened`)

const merge = (parts: ReadonlyArray<Part>): Part =>
  parts.reduce(
    (all, one) => ({
      body: { ...all.body, ...one.body },
      paths: { ...all.paths, ...one.paths },
      problems: [...all.problems, ...one.problems],
    }),
    part({}, {}),
  )

/** Elements R4 requires, or types wrongly: each reported at its own FHIRPath, where the codec found it. */
const unreadable = (errors: t.Errors): SlotRefusal => {
  const found = NEA.map((error: FieldError) => ({
    field: error.field === 'body' ? 'Slot' : `Slot.${error.field}`,
    message: error.message,
  }))(fromDecodeErrors(errors))
  return { status: 400, errors: found, paths: Object.fromEntries(found.map(({ field }) => [field, field])) }
}

/**
 * A FHIR Slot as the JSON form of an opening (docs/fhir.md#a-slot-as-an-opening), judged here by every rule the
 * JSON body would meet before its job is queued, so all that is wrong is told at once: the Slot's own problems
 * first, then the JSON form's rules on the fields those left standing.
 */
export const openingFromSlot = (input: unknown, now: Date): E.Either<SlotRefusal, SlotAsOpening> => {
  const decoded = SlotInput.decode(input)
  if (E.isLeft(decoded)) return E.left(unreadable(decoded.left))
  const slot = decoded.right
  const read = merge([scheduleActors(slot), times(slot), categories(slot), externalId(slot), status(slot)])
  const judged = validateOpening(read.body, now)
  const blamed = new Set(read.problems.map((error) => error.field))
  const rules = E.isLeft(judged) ? judged.left.filter((error) => !blamed.has(error.field)) : []
  return pipe(NEA.fromArray([...read.problems, ...rules]), (found) =>
    found._tag === 'Some'
      ? E.left({ status: 422, errors: found.value, paths: read.paths })
      : E.right({ body: read.body, paths: read.paths }),
  )
}
