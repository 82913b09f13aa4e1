import * as t from 'io-ts'
import { CandidateList, CandidatesQuery, FitAnswer } from '../../shared/openings/candidates'
import { CreateOpening } from '../../shared/openings/create-opening'
import { OpeningListPage, OpeningListQuery } from '../../shared/openings/opening-list'
import { OpeningPayload } from '../../shared/openings/opening-payload'
import { OpeningId } from '../../shared/openings/opening-id'
import { OpeningWithOffers } from '../../shared/offers/linked-offer'
import { OperationOutcome } from '../../shared/fhir/operation-outcome'
import { FhirSlot } from '../../shared/fhir/slot'
import { SlotInput } from '../../shared/fhir/slot-input'
import { OPENINGS_PATH } from '../routes/open-slot'
import { FHIR_SLOT, FHIR_SLOT_BODY, FHIR_SLOT_REFUSED } from './fhir-examples'
import { idParameter, type RouteDoc } from './route-doc'
import { CANDIDATES, OPEN_BODY, OPENING, OPENING_PAGE, OPENING_WITH_OFFERS, WITHDRAWN } from './opening-examples'

const TAG = 'Openings'
const ONE = `${OPENINGS_PATH}/:id`
const id = idParameter(OpeningId, 'opening')

const STAFF_ONLY =
  "Staff only (a patient's token is a 403 before anything is read); another organization's opening is answered as an unknown one (404)."

export const OPENING_ROUTES: ReadonlyArray<RouteDoc> = [
  {
    method: 'post',
    path: OPENINGS_PATH,
    operationId: 'openSlot',
    tag: TAG,
    summary: 'Open a slot',
    description: `A freed slot the clinic's waitlist is matched against; its offers go out round by round (docs/offer-policy.md). The body's own rules run here, the rules against reference data in the worker; every failure at once. The same \`external_id\` at the same clinic is the same opening (201 with the one stored first). A FHIR R4 Slot may be sent instead (\`Content-Type: application/fhir+json\`): its contained Schedule names the clinic and the provider, \`end\` − \`start\` is the length, \`serviceType\` the categories, \`id\` (or the first identifier) the \`external_id\`; it is answered as a Slot, refusals as OperationOutcomes (400 when it is no R4 Slot, 422 when the service cannot open it), docs/fhir.md. ${STAFF_ONLY}`,
    access: 'staff',
    body: { codec: CreateOpening, required: true, examples: OPEN_BODY },
    fhir: {
      body: { codec: SlotInput, examples: FHIR_SLOT_BODY },
      answers: {
        201: { codec: FhirSlot, examples: FHIR_SLOT },
        422: {
          description: 'A FHIR Slot the service cannot open: every rule it breaks, each at its FHIRPath.',
          codec: OperationOutcome,
          examples: FHIR_SLOT_REFUSED,
        },
      },
    },
    responses: {
      201: {
        description: 'Stored (or stored before, for a repeated `external_id`); `Location` reads it.',
        data: { codec: OpeningPayload, examples: OPENING },
        headers: ['Location'],
      },
      202: { shared: 'Accepted' },
      503: { shared: 'ServiceUnavailable' },
    },
  },
  {
    method: 'get',
    path: OPENINGS_PATH,
    operationId: 'listOpenings',
    tag: TAG,
    summary: 'List openings',
    description: `One keyset page of the organization's openings, soonest \`start\` first. ${STAFF_ONLY}`,
    access: 'staff',
    query: OpeningListQuery,
    responses: {
      200: {
        description: 'One page; pass `next_cursor` as `cursor` for the next.',
        data: { codec: OpeningListPage, examples: OPENING_PAGE },
      },
      400: { shared: 'BadRequest' },
    },
  },
  {
    method: 'get',
    path: ONE,
    operationId: 'readOpening',
    tag: TAG,
    summary: 'Read an opening, with its offers',
    description: `The opening, every offer it made (by round, then rank) and, once FILLED, its booking. ${STAFF_ONLY}`,
    access: 'staff',
    parameters: [id],
    responses: {
      200: { description: 'The opening.', data: { codec: OpeningWithOffers, examples: OPENING_WITH_OFFERS } },
      404: { shared: 'NotFound' },
    },
  },
  {
    method: 'post',
    path: `${ONE}/withdraw`,
    operationId: 'withdrawOpening',
    tag: TAG,
    summary: 'Withdraw an opening',
    description: `The slot was filled another way: \`WITHDRAWN\`, its pending offers withdrawn. No body. ${STAFF_ONLY}`,
    access: 'staff',
    parameters: [id],
    responses: {
      200: { description: 'The opening, WITHDRAWN.', data: { codec: OpeningPayload, examples: WITHDRAWN } },
      202: { shared: 'Accepted' },
      404: { shared: 'NotFound' },
      409: { shared: 'Conflict' },
      503: { shared: 'ServiceUnavailable' },
    },
  },
  {
    method: 'get',
    path: `${ONE}/candidates`,
    operationId: 'openingCandidates',
    tag: TAG,
    summary: 'Who fits an opening, in order',
    description: `Every ACTIVE request that fits, in the order offers go out, each with the reasons for its place (docs/matching.md); with \`request_id\`, whether that one request fits and, if not, every rule it fails. ${STAFF_ONLY}`,
    access: 'staff',
    parameters: [id],
    query: CandidatesQuery,
    responses: {
      200: {
        description: 'The candidates, or the answer for one request.',
        data: { codec: t.union([CandidateList, FitAnswer]), examples: CANDIDATES },
      },
      400: { shared: 'BadRequest' },
      404: { shared: 'NotFound' },
    },
  },
]
