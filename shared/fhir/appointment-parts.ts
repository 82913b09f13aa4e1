import type { AppointmentType } from '../reference-data/reference-records'
import type { CodeableConcept, Identifier, LogicalReference } from './datatypes'
import { CODE_SYSTEMS, IDENTIFIER_SYSTEMS, V2_APPOINTMENT_REASON_SYSTEM } from './fhir-names'

/** The parts both Appointments share: the waitlist request's (a read) and the booked one (an event). */

export const identifierOf = (kind: keyof typeof IDENTIFIER_SYSTEMS, value: string): Identifier => ({
  system: IDENTIFIER_SYSTEMS[kind],
  value,
})

export const referenceTo = (
  type: 'Patient' | 'Practitioner' | 'Location',
  kind: keyof typeof IDENTIFIER_SYSTEMS,
  value: string,
): LogicalReference => ({ type, identifier: identifierOf(kind, value) })

/** The category the appointment is for, by its id in the reference data; `label` when it has one to show. */
export const serviceTypeOf = (categoryId: string, label?: string): CodeableConcept[] => [
  {
    coding: [{ system: CODE_SYSTEMS.appointmentCategory, code: categoryId }],
    ...(label === undefined ? {} : { text: label }),
  },
]

const TYPE_NAMES: Readonly<Record<AppointmentType, string>> = {
  INITIAL_EVAL: 'Initial Evaluation',
  FOLLOW_UP: 'Follow Up',
}

/** Our two types, and v2's FOLLOWUP beside a follow-up, the one of them HL7's table has. */
export const appointmentTypeOf = (type: AppointmentType): CodeableConcept => ({
  coding: [
    { system: CODE_SYSTEMS.appointmentType, code: type, display: TYPE_NAMES[type] },
    ...(type === 'FOLLOW_UP'
      ? [
          {
            system: V2_APPOINTMENT_REASON_SYSTEM,
            code: 'FOLLOWUP',
            display: 'A follow up visit from a previous appointment',
          },
        ]
      : []),
  ],
  text: TYPE_NAMES[type],
})
