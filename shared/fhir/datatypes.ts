import * as t from 'io-ts'
import { noted } from '../schema/schema-notes'

/**
 * The few FHIR R4 data types this service writes and reads, as io-ts codecs: only the elements it uses. What it
 * emits is checked against HL7's own JSON schema in the tests (test/support/fhir-schema.ts).
 */

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/

/** A resource's logical id: 1 to 64 letters, digits, `-` and `.`. */
export const FhirId = noted(
  t.refinement(t.string, (s) => FHIR_ID.test(s), 'FhirId'),
  { schema: { pattern: FHIR_ID.source, description: 'A FHIR id: 1 to 64 letters, digits, "-" and ".".' } },
)

/** R4's `instant`: a date and a time to the second at least, with an offset (its JSON schema's own pattern). */
const FHIR_INSTANT =
  /^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)-(0[1-9]|1[0-2])-(0[1-9]|[1-2][0-9]|3[0-1])T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))$/

export const FhirInstant = noted(
  t.refinement(t.string, (s) => FHIR_INSTANT.test(s), 'FhirInstant'),
  {
    schema: {
      format: 'date-time',
      pattern: FHIR_INSTANT.source,
      description: 'A FHIR instant: seconds and an offset required, like 2026-12-07T09:30:00-05:00.',
    },
  },
)

export const Identifier = t.exact(t.intersection([t.type({ value: t.string }), t.partial({ system: t.string })]))
export type Identifier = t.TypeOf<typeof Identifier>

const Coding = t.exact(t.intersection([t.type({ system: t.string, code: t.string }), t.partial({ display: t.string })]))

export const CodeableConcept = t.exact(t.partial({ coding: t.array(Coding), text: t.string }))
export type CodeableConcept = t.TypeOf<typeof CodeableConcept>

/**
 * A logical reference: the resource's type and its identifier, never an address (the service serves no Patient,
 * Practitioner or Location). Without `display`, so what carries one cannot name a person.
 */
export const LogicalReference = t.exact(t.type({ type: t.string, identifier: Identifier }))
export type LogicalReference = t.TypeOf<typeof LogicalReference>

/** A logical reference with a name to show, for answers to those who may read the names. */
export const NamedReference = t.exact(
  t.intersection([t.type({ type: t.string, identifier: Identifier }), t.partial({ display: t.string })]),
)
export type NamedReference = t.TypeOf<typeof NamedReference>

/** `Appointment.participant`: who takes part, whether they must, and whether they have said yes. */
export const participantOf = <R extends t.Mixed>(actor: R) =>
  t.exact(
    t.type({
      actor,
      required: t.keyof({ required: null, optional: null, 'information-only': null }),
      status: t.keyof({ accepted: null, declined: null, tentative: null, 'needs-action': null }),
    }),
  )
