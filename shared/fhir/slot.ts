import * as t from 'io-ts'
import type { OpeningPayload } from '../openings/opening-payload'
import { CodeableConcept, FhirId, Identifier, LogicalReference } from './datatypes'
import { referenceTo, serviceTypeOf } from './appointment-parts'

const SCHEDULE_ID = 'schedule'

/**
 * An opening as a FHIR R4 Slot (docs/fhir.md#a-slot-as-an-opening): the answer to a Slot posted to
 * `POST /apis/v1/openings`. The Schedule it is in is contained in it, its actors the clinic and the provider; its
 * id is the opening's, and the practice system's id for it, if it gave one, its identifier.
 */
export const FhirSlot = t.exact(
  t.intersection([
    t.type({
      resourceType: t.literal('Slot'),
      id: FhirId,
      contained: t.array(
        t.exact(t.type({ resourceType: t.literal('Schedule'), id: t.string, actor: t.array(LogicalReference) })),
      ),
      schedule: t.exact(t.type({ reference: t.string })),
      status: t.keyof({ free: null, busy: null }),
      start: t.string,
      end: t.string,
    }),
    t.partial({ identifier: t.array(Identifier), serviceType: t.array(CodeableConcept) }),
  ]),
  'FhirSlot',
)
export type FhirSlot = t.TypeOf<typeof FhirSlot>

/** Only an OPEN opening is free; a FILLED, WITHDRAWN or EXPIRED one is taken, however it was. */
export const slotOf = (opening: OpeningPayload): FhirSlot => ({
  resourceType: 'Slot',
  id: opening.id,
  ...(opening.external_id === null ? {} : { identifier: [{ value: opening.external_id }] }),
  contained: [
    {
      resourceType: 'Schedule',
      id: SCHEDULE_ID,
      actor: [
        referenceTo('Location', 'clinic', opening.clinic_id),
        referenceTo('Practitioner', 'provider', opening.provider_id),
      ],
    },
  ],
  schedule: { reference: `#${SCHEDULE_ID}` },
  ...(opening.appointment_category_ids.length === 0
    ? {}
    : { serviceType: opening.appointment_category_ids.flatMap((id) => serviceTypeOf(id)) }),
  status: opening.status === 'OPEN' ? 'free' : 'busy',
  start: opening.start,
  end: opening.end,
})
