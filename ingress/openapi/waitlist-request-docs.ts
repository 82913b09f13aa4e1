import * as t from 'io-ts'
import { Identifier } from '../../shared/codecs/identifier'
import { RequestId } from '../../shared/codecs/request-id'
import { IDEMPOTENCY_KEY_HEADER } from '../../shared/idempotency/idempotency-key'
import { ChangeWaitlistRequest, CreateWaitlistRequest } from '../../shared/waitlist-request/create-waitlist-request'
import { CancelWaitlistRequest, FulfillWaitlistRequest } from '../../shared/waitlist-request/end-request'
import { BodyVersion, IF_MATCH_HEADER } from '../../shared/waitlist-request/expected-version'
import { HistoryPage } from '../../shared/waitlist-request/history'
import { ListPage, ListQuery } from '../../shared/waitlist-request/list-query'
import { WaitlistRequestPayload } from '../../shared/waitlist-request/waitlist-request-payload'
import { WaitlistSearchset } from '../../shared/fhir/searchset'
import { WaitlistAppointment } from '../../shared/fhir/waitlist-appointment'
import { WAITLIST_REQUESTS_PATH } from '../routes/waitlist-request-paths'
import { FHIR_APPOINTMENT, FHIR_SEARCHSET } from './fhir-examples'
import { idParameter, type ParameterDoc, type RouteDoc } from './route-doc'
import {
  CANCEL_BODY,
  CHANGE_BODY,
  CREATE_BODY,
  FULFILL_BODY,
  HISTORY,
  WAITLIST_REQUEST,
} from './waitlist-request-examples'

const TAG = 'Waitlist requests'
const ONE = `${WAITLIST_REQUESTS_PATH}/:id`
const id = idParameter(RequestId, 'waitlist request')

const ifMatch = (required: boolean): ParameterDoc => ({
  name: IF_MATCH_HEADER,
  in: 'header',
  codec: t.string,
  required,
  description:
    'The ETag you read (`"3"`, or `W/"3"`), or `*` for whatever version it is now; or send a `version` field instead. A version that is no longer current is a 409.',
})

const written = {
  description: 'The request as written, with its new ETag.',
  data: { codec: WaitlistRequestPayload, examples: WAITLIST_REQUEST },
  headers: ['ETag'],
} as const

/** Writes to a stored request answer alike: the request, or why not, or 202 while the worker is still at it. */
const writeAnswers = {
  200: written,
  202: { shared: 'Accepted' },
  400: { shared: 'BadRequest' },
  404: { shared: 'NotFound' },
  409: { shared: 'Conflict' },
  503: { shared: 'ServiceUnavailable' },
} as const

export const WAITLIST_REQUEST_ROUTES: ReadonlyArray<RouteDoc> = [
  {
    method: 'post',
    path: WAITLIST_REQUESTS_PATH,
    operationId: 'createWaitlistRequest',
    tag: TAG,
    summary: 'File a waitlist request',
    description:
      "Every rule the body can be judged by alone runs here, all failures at once; the rules that need reference data (the clinic, its organization, providers, the category, the patient, today in the clinic's time zone) run in the worker, whose answer is waited for (at most JOB_WAIT_TIMEOUT_MS). Unknown fields are ignored; for an optional field, `null` means left out. Rule by rule, with every message: docs/api.md.",
    access: 'token',
    parameters: [
      {
        name: 'patient_id',
        in: 'query',
        codec: Identifier,
        required: false,
        description:
          'The patient, for staff (required for them: "patient_id query parameter is required for staff requests"); ignored for a patient, whose own is used.',
      },
      {
        name: IDEMPOTENCY_KEY_HEADER,
        in: 'header',
        codec: t.string,
        required: false,
        description:
          'Makes the create safe to retry: the same key with the same request gets the first answer again (`Idempotent-Replayed: true`), with another request a 422. 1 to 255 visible ASCII characters, as a structured-field string (`"…"`) or bare. Kept 24 hours after its last use.',
      },
    ],
    body: { codec: CreateWaitlistRequest, required: true, examples: CREATE_BODY },
    responses: {
      201: {
        description: 'Stored; `Location` reads it again.',
        data: { codec: WaitlistRequestPayload, examples: WAITLIST_REQUEST },
        headers: ['Location', 'IdempotentReplayed'],
      },
      202: { shared: 'Accepted' },
      400: { shared: 'BadRequest' },
      422: { shared: 'Unprocessable' },
      503: { shared: 'ServiceUnavailable' },
    },
  },
  {
    method: 'get',
    path: WAITLIST_REQUESTS_PATH,
    operationId: 'listWaitlistRequests',
    tag: TAG,
    summary: 'List waitlist requests',
    description:
      "One keyset page, read straight from PostgreSQL: a patient's own requests, or staff's organization's. Every bad parameter is reported at once; each is given at most once. A clinic, patient, provider or category outside the caller's organization is refused as one that does not exist. With `Accept: application/fhir+json`, the page is a FHIR R4 searchset Bundle of Appointments, its `next` link the same query with the page's cursor, and refusals are OperationOutcomes (docs/fhir.md).",
    access: 'token',
    query: ListQuery,
    fhir: { answers: { 200: { codec: WaitlistSearchset, examples: FHIR_SEARCHSET } } },
    responses: {
      200: {
        description: 'One page; pass `next_cursor` as `cursor` for the next (`null` on the last page).',
        data: {
          codec: ListPage,
          examples: {
            page: { summary: 'A last page', value: { items: [WAITLIST_REQUEST['created']!.value], next_cursor: null } },
          },
        },
      },
      400: { shared: 'BadRequest' },
    },
  },
  {
    method: 'get',
    path: ONE,
    operationId: 'readWaitlistRequest',
    tag: TAG,
    summary: 'Read a waitlist request',
    description:
      "The request as stored, with its version as ETag. An id not stored may be a create answered 202: then how it ended, as the create would have answered (202 while it runs, the worker's 400, 422 when it failed for good), to whoever filed it. With `Accept: application/fhir+json`, the request is a FHIR R4 Appointment (status `waitlist`, `booked`, or `cancelled`) and every other answer an OperationOutcome, under the same access rules (docs/fhir.md).",
    access: 'token',
    parameters: [id],
    fhir: { answers: { 200: { codec: WaitlistAppointment, examples: FHIR_APPOINTMENT } } },
    responses: {
      200: {
        description: 'The request (ended ones carry `cancellation_reason` or `booked_appointment`).',
        data: { codec: WaitlistRequestPayload, examples: WAITLIST_REQUEST },
        headers: ['ETag'],
      },
      202: { shared: 'Accepted' },
      400: { shared: 'BadRequest' },
      404: { shared: 'NotFound' },
      422: { shared: 'Unprocessable' },
      503: { shared: 'ServiceUnavailable' },
    },
  },
  {
    method: 'patch',
    path: ONE,
    operationId: 'changeWaitlistRequest',
    tag: TAG,
    summary: 'Change a waitlist request',
    description:
      "Any of the create fields, each judged by the create's own rule and message, then the request as it would be after the change by every create rule. A field left out stays; `null` clears an optional one. `clinic_id` cannot change. Only staff change `priority` (a patient's other value is a 403). The version is required (If-Match or `version`): else 428.",
    access: 'token',
    parameters: [id, ifMatch(false)],
    body: { codec: t.intersection([ChangeWaitlistRequest, BodyVersion]), required: true, examples: CHANGE_BODY },
    responses: { ...writeAnswers, 428: { shared: 'PreconditionRequired' } },
  },
  {
    method: 'post',
    path: `${ONE}/cancel`,
    operationId: 'cancelWaitlistRequest',
    tag: TAG,
    summary: 'Cancel a waitlist request',
    description:
      "The patient's own, or staff's of their organization: `CANCELLED`, with the reason if one is given. The body is optional; the version may be named (If-Match or `version`).",
    access: 'token',
    parameters: [id, ifMatch(false)],
    body: { codec: t.intersection([CancelWaitlistRequest, BodyVersion]), required: false, examples: CANCEL_BODY },
    responses: writeAnswers,
  },
  {
    method: 'post',
    path: `${ONE}/fulfill`,
    operationId: 'fulfillWaitlistRequest',
    tag: TAG,
    summary: 'Fulfil a waitlist request',
    description:
      'Staff only (a patient gets 403 before anything else): `FULFILLED`, with `booked_appointment` = {id, start (UTC)}. The version may be named (If-Match or `version`).',
    access: 'staff',
    parameters: [id, ifMatch(false)],
    body: { codec: t.intersection([FulfillWaitlistRequest, BodyVersion]), required: true, examples: FULFILL_BODY },
    responses: writeAnswers,
  },
  {
    method: 'get',
    path: `${ONE}/history`,
    operationId: 'waitlistRequestHistory',
    tag: TAG,
    summary: "A waitlist request's history",
    description:
      'Every write, oldest first: the version it produced, what happened, when, by whom (a patient sees staff as "clinic staff"), and every field it changed.',
    access: 'token',
    parameters: [id],
    responses: {
      200: { description: 'Every write, oldest first.', data: { codec: HistoryPage, examples: HISTORY } },
      404: { shared: 'NotFound' },
    },
  },
]
