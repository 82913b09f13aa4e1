import type * as t from 'io-ts'
import { Actor } from '../auth/actor'
import { FieldError } from '../errors/field-error'
import { Booking, OfferPayload } from '../offers/offer-payload'
import { CreateOpening } from '../openings/create-opening'
import { OpeningPayload } from '../openings/opening-payload'
import { jsonSchemaOf } from '../schema/json-schema'
import type { JsonSchema } from '../schema/schema-notes'
import { CreateWaitlistRequest } from '../waitlist-request/create-waitlist-request'
import { WaitlistRequestPayload } from '../waitlist-request/waitlist-request-payload'
import { CANCEL_JOB_NAME, CancelJobData } from './cancel-waitlist-request-job'
import { CHANGE_JOB_NAME, ChangeJobData } from './change-waitlist-request-job'
import { CREATE_JOB_NAME, CreateJobData, CreateJobResult } from './create-waitlist-request-job'
import {
  DELIVER_EVENT_JOB_NAME,
  DeliverEventJobData,
  DeliverEventJobResult,
  SWEEP_OUTBOX_JOB_NAME,
  SweepOutboxJobData,
  SweepOutboxJobResult,
} from './deliver-event-job'
import { EXPIRE_JOB_NAME, ExpireJobData, ExpireJobResult } from './expire-waitlist-requests-job'
import { FULFILL_JOB_NAME, FulfillJobData } from './fulfill-waitlist-request-job'
import { IMPORT_JOB_NAME, ImportJobData, ImportJobResult } from './import-waitlist-requests-job'
import {
  ACCEPT_OFFER_JOB_NAME,
  AcceptOfferJobData,
  AcceptOfferJobResult,
  DECLINE_OFFER_JOB_NAME,
  DeclineOfferJobData,
  DeclineOfferJobResult,
} from './offer-answer-jobs'
import {
  CANDIDATES_APPEARED_JOB_NAME,
  CandidatesAppearedJobData,
  OFFER_ROUND_JOB_NAME,
  OfferRoundJobData,
  RoundJobResult,
} from './offer-round-jobs'
import { OPEN_SLOT_JOB_NAME, OpenSlotJobData, OpenSlotJobResult } from './open-slot-job'
import { UpdateJobResult } from './update-job'
import { EVENTS_QUEUE_NAME, IMPORT_QUEUE_NAME, QUEUE_NAME } from './waitlist-queue'
import { WITHDRAW_OPENING_JOB_NAME, WithdrawOpeningJobData, WithdrawOpeningJobResult } from './withdraw-opening-job'

interface Job {
  readonly name: string
  readonly queue: string
  readonly id: string
  /** Who adds it: anyone (a producer of the contract), or the worker itself. */
  readonly by: 'any producer' | 'the worker'
  readonly data: t.Any
  readonly result: t.Any
}

const job = (name: string, queue: string, id: string, by: Job['by'], data: t.Any, result: t.Any): Job => ({
  name,
  queue,
  id,
  by,
  data,
  result,
})

/** Every job of docs/queue-contract.md, with the codecs the worker decodes its data with and writes its result by. */
const JOBS: ReadonlyArray<Job> = [
  job(CREATE_JOB_NAME, QUEUE_NAME, 'create-<request_id>', 'any producer', CreateJobData, CreateJobResult),
  job(IMPORT_JOB_NAME, IMPORT_QUEUE_NAME, 'import-<batch_id>-<chunk>', 'any producer', ImportJobData, ImportJobResult),
  job(CHANGE_JOB_NAME, QUEUE_NAME, 'change-<change_id>', 'any producer', ChangeJobData, UpdateJobResult),
  job(CANCEL_JOB_NAME, QUEUE_NAME, 'cancel-<change_id>', 'any producer', CancelJobData, UpdateJobResult),
  job(FULFILL_JOB_NAME, QUEUE_NAME, 'fulfill-<change_id>', 'any producer', FulfillJobData, UpdateJobResult),
  job(OPEN_SLOT_JOB_NAME, QUEUE_NAME, 'open-slot-<opening_id>', 'any producer', OpenSlotJobData, OpenSlotJobResult),
  job(
    WITHDRAW_OPENING_JOB_NAME,
    QUEUE_NAME,
    'withdraw-opening-<change_id>',
    'any producer',
    WithdrawOpeningJobData,
    WithdrawOpeningJobResult,
  ),
  job(
    ACCEPT_OFFER_JOB_NAME,
    QUEUE_NAME,
    'accept-offer-<change_id>',
    'any producer',
    AcceptOfferJobData,
    AcceptOfferJobResult,
  ),
  job(
    DECLINE_OFFER_JOB_NAME,
    QUEUE_NAME,
    'decline-offer-<change_id>',
    'any producer',
    DeclineOfferJobData,
    DeclineOfferJobResult,
  ),
  job(EXPIRE_JOB_NAME, QUEUE_NAME, 'a job scheduler', 'the worker', ExpireJobData, ExpireJobResult),
  job(
    OFFER_ROUND_JOB_NAME,
    QUEUE_NAME,
    'offer-round-<opening>-<round> or offer-notice-<opening>',
    'the worker',
    OfferRoundJobData,
    RoundJobResult,
  ),
  job(
    CANDIDATES_APPEARED_JOB_NAME,
    QUEUE_NAME,
    "BullMQ's own",
    'the worker',
    CandidatesAppearedJobData,
    RoundJobResult,
  ),
  job(
    DELIVER_EVENT_JOB_NAME,
    EVENTS_QUEUE_NAME,
    '<event_id>',
    'the worker',
    DeliverEventJobData,
    DeliverEventJobResult,
  ),
  job(
    SWEEP_OUTBOX_JOB_NAME,
    EVENTS_QUEUE_NAME,
    'a job scheduler',
    'the worker',
    SweepOutboxJobData,
    SweepOutboxJobResult,
  ),
]

/** What several jobs carry, written once under `$defs` and referred to. */
const NAMED: ReadonlyArray<readonly [string, t.Any]> = [
  ['Actor', Actor],
  ['WaitlistRequestBody', CreateWaitlistRequest],
  ['WaitlistRequest', WaitlistRequestPayload],
  ['OpeningBody', CreateOpening],
  ['Opening', OpeningPayload],
  ['Offer', OfferPayload],
  ['Booking', Booking],
  ['FieldError', FieldError],
]

const refs: ReadonlyMap<t.Any, string> = new Map(NAMED.map(([name, codec]) => [codec, `#/$defs/${name}`]))

const schemaOf = (codec: t.Any): JsonSchema => jsonSchemaOf(codec, { refs })

const described = (schema: JsonSchema, description: string): JsonSchema => ({ description, ...schema })

/**
 * The queue's job contract (docs/queue-contract.md) as one JSON Schema (draft 2020-12), derived from the codecs
 * the worker decodes job data with: each job's data is `#/$defs/<job name>`, its return value
 * `#/$defs/<job name>.result`. docs/queue-contract.schema.json is this, written by `npm run docs:queue-schema`.
 */
export const queueContractSchema = (): JsonSchema => ({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'queue-contract.schema.json',
  title: 'Waitlist service: the queue contract, version 1',
  description:
    "BullMQ jobs on the deployment's QUEUE_PREFIX (default {waitlist}). Each job's data is #/$defs/<job name> and its return value #/$defs/<job name>.result; names, ids and options: docs/queue-contract.md. The worker decodes everything it reads again, by the codecs this schema is derived from.",
  $defs: {
    ...Object.fromEntries(
      JOBS.flatMap(({ name, queue, id, by, data, result }) => [
        [name, described(schemaOf(data), `Job ${name} on queue ${queue}, job id ${id}; added by ${by}. Its data.`)],
        [`${name}.result`, described(schemaOf(result), `What job ${name} returns.`)],
      ]),
    ),
    ...Object.fromEntries(NAMED.map(([name, codec]) => [name, jsonSchemaOf(codec, { refs })])),
  },
})
