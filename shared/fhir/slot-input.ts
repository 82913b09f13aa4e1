import * as t from 'io-ts'
import { optional } from '../codecs/optional'
import { jsonBody, optionalField, requiredField } from '../codecs/json-body'
import { FhirId, FhirInstant } from './datatypes'

const Text = t.string

/** Identifiers and codings as a practice system may write them: every element optional, only ours read. */
const IdentifierInput = t.exact(t.partial({ system: Text, value: Text }))
const CodingInput = t.exact(t.partial({ system: Text, code: Text }))
const CodeableConceptInput = t.exact(t.partial({ coding: t.array(CodingInput), text: Text }))

const ActorInput = t.exact(t.partial({ reference: Text, type: Text, identifier: IdentifierInput, display: Text }))
export type ActorInput = t.TypeOf<typeof ActorInput>

/** The Schedule the Slot is in, contained in it: its actors name the clinic and the provider. */
const ContainedSchedule = t.exact(
  t.type({ resourceType: t.literal('Schedule'), id: FhirId, actor: t.array(ActorInput) }),
)

const SLOT_STATUSES = {
  busy: null,
  free: null,
  'busy-unavailable': null,
  'busy-tentative': null,
  'entered-in-error': null,
}

const instant = (field: string) =>
  requiredField(field, FhirInstant, 'must be a FHIR instant with seconds and an offset, like 2026-12-07T09:30:00-05:00')

/**
 * A FHIR R4 Slot as `POST /apis/v1/openings` reads it (docs/fhir.md#a-slot-as-an-opening): the elements R4
 * requires of any Slot and those the service reads, each judged by its FHIR type, every failure at once and named
 * by its FHIRPath. Elements it does not read (`appointmentType`, `comment`, …) are dropped unread.
 */
export const SlotInput = jsonBody('SlotInput', {
  resourceType: requiredField('Slot.resourceType', t.literal('Slot'), 'must be Slot'),
  id: optionalField('Slot.id', optional(FhirId), 'must be a FHIR id: 1 to 64 letters, digits, "-" and "."'),
  identifier: optionalField('Slot.identifier', optional(t.array(IdentifierInput)), 'must be an array of Identifiers'),
  contained: optionalField(
    'Slot.contained',
    optional(t.array(ContainedSchedule)),
    'must be an array of Schedules, each with its id and its actors',
  ),
  schedule: requiredField(
    'Slot.schedule',
    t.exact(t.type({ reference: Text })),
    'must be a Reference to a contained Schedule, like {"reference": "#schedule"}',
  ),
  status: requiredField(
    'Slot.status',
    t.keyof(SLOT_STATUSES),
    `must be one of ${Object.keys(SLOT_STATUSES).join(', ')}`,
  ),
  start: instant('Slot.start'),
  end: instant('Slot.end'),
  serviceType: optionalField(
    'Slot.serviceType',
    optional(t.array(CodeableConceptInput)),
    'must be an array of CodeableConcepts',
  ),
})
export type SlotInput = t.TypeOf<typeof SlotInput>
