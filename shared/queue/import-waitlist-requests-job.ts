import * as t from 'io-ts'
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import { Actor } from '../auth/actor'
import { RequestId } from '../codecs/request-id'
import { withDefault } from '../codecs/optional'
import { withMessage } from '../codecs/with-message'
import { FieldErrors, decodeWithFieldErrors, type Validation } from '../errors/field-error'
import { CreateWaitlistRequest } from '../waitlist-request/create-waitlist-request'
import type { CreateSubmission } from '../waitlist-request/create-submission'
import { decodeCreateJob } from './create-waitlist-request-job'
import { isRecord } from '../codecs/input-guards'
import { uuidBrand } from '../codecs/uuid'
import { noted } from '../schema/schema-notes'

/**
 * The public contract of a batch import (docs/queue-contract.md): one job
 * carries a chunk of rows, each exactly a create job's patient and body, so
 * that a 100,000-row file is a few hundred jobs and a few hundred multi-row
 * inserts rather than 100,000 of each. Every row is judged by the create
 * rules on its own; one bad row never fails its chunk.
 */
export const IMPORT_JOB_NAME = 'import-waitlist-requests'

/** Enough rows to amortise a job's and an insert's fixed costs, few enough that a chunk's data stays well under a megabyte. */
export const IMPORT_CHUNK_MAX_ROWS = 1000

interface ImportBatchIdBrand {
  readonly ImportBatchId: unique symbol
}

/** A lower-case UUID naming one import of one file for one organization (see import-job-producer.ts). */
export const ImportBatchId = uuidBrand<ImportBatchIdBrand, 'ImportBatchId'>('ImportBatchId')
export type ImportBatchId = t.TypeOf<typeof ImportBatchId>

interface RowNumberBrand {
  readonly RowNumber: unique symbol
}

/** Where the row sits in the producer's source (the importer uses the file's line number); reported back with its result. */
const POSITION_MAX = 1_000_000_000

export const RowNumber = noted(
  t.brand(
    t.number,
    (n): n is t.Branded<number, RowNumberBrand> => Number.isInteger(n) && n >= 1 && n <= POSITION_MAX,
    'RowNumber',
  ),
  { schema: { type: 'integer', minimum: 1, maximum: POSITION_MAX } },
)
export type RowNumber = t.TypeOf<typeof RowNumber>

const ChunkIndex = noted(
  t.refinement(t.number, (n) => Number.isInteger(n) && n >= 0 && n <= POSITION_MAX, 'ChunkIndex'),
  { schema: { type: 'integer', minimum: 0, maximum: POSITION_MAX } },
)

/** A chunk's rows: 1 to IMPORT_CHUNK_MAX_ROWS of them. */
const chunkOf = <C extends t.Mixed>(row: C, name: string) =>
  noted(
    t.refinement(t.array(row), (rows) => rows.length >= 1 && rows.length <= IMPORT_CHUNK_MAX_ROWS, name),
    { schema: { minItems: 1, maxItems: IMPORT_CHUNK_MAX_ROWS } },
  )

/** One row: what a create job would carry, less the actor, which the chunk gives once. */
const ImportRow = t.exact(
  t.type({
    row: RowNumber,
    /** Chosen by the producer (the importer derives it from batch and row): the stored request's id. */
    request_id: RequestId,
    patient_id: withDefault(t.union([t.string, t.null]), null),
    body: CreateWaitlistRequest,
  }),
)

/** The job's data, version 1. Producers build it with `importJob` (import-job-producer.ts). */
export const ImportJobData = t.exact(
  t.type({
    version: t.literal(1),
    batch_id: ImportBatchId,
    /** The chunk's position in its batch, from 0: with batch_id it names the job. */
    chunk: ChunkIndex,
    actor: Actor,
    rows: chunkOf(ImportRow, 'ImportRows'),
  }),
)
export type ImportJobData = t.TypeOf<typeof ImportJobData>

/**
 * Rows are only required to be numbered here: everything else in a row is the
 * create rules' to judge, row by row, so that one bad row is that row's
 * rejection rather than the whole chunk's.
 */
const NumberedRows = withMessage(
  chunkOf(t.type({ row: RowNumber }), 'NumberedRows'),
  () => `rows must be an array of 1 to ${IMPORT_CHUNK_MAX_ROWS} objects, each with a row number from 1`,
)

const ImportJobEnvelope = t.type({
  version: withMessage(t.literal(1), () => 'version must be 1'),
  batch_id: withMessage(ImportBatchId, () => 'batch_id must be a lower-case UUID'),
  chunk: withMessage(ChunkIndex, () => 'chunk must be an integer from 0'),
  actor: Actor,
  rows: NumberedRows,
})

/** BullMQ refuses ':' in custom ids; batch and chunk name the job, so adding a chunk twice queues it once. */
export const importJobId = (batchId: ImportBatchId, chunk: number): string => `import-${batchId}-${chunk}`

const Stored = t.keyof({ created: null, existing: null })

/**
 * One row's answer: `created` (written by this run), `existing` (its id was
 * already stored: an earlier run of the same row), or `rejected` with every
 * rule it broke, named as HTTP names them.
 */
export const ImportRowResult = t.union([
  t.type({ row: RowNumber, outcome: Stored, request_id: RequestId }),
  t.type({ row: RowNumber, outcome: t.literal('rejected'), errors: FieldErrors }),
])
export type ImportRowResult = t.TypeOf<typeof ImportRowResult>

/** A chunk's return value: each row's answer in the chunk's order, or the chunk refused whole when its envelope is unusable. */
export const ImportJobResult = t.union([
  t.type({ outcome: t.literal('processed'), rows: t.array(ImportRowResult) }),
  t.type({ outcome: t.literal('rejected'), errors: FieldErrors }),
])
export type ImportJobResult = t.TypeOf<typeof ImportJobResult>

export interface ImportRowToDecode {
  readonly row: RowNumber
  /** Decodes the row when called: a worker decodes a chunk's rows a slice at a time, between other work. */
  readonly decode: () => Validation<{ readonly request_id: RequestId; readonly submission: CreateSubmission }>
}

/**
 * Decodes an untrusted chunk: the envelope first (a chunk without a usable
 * actor or numbered rows cannot be judged at all), then every row through the
 * very decoding a single create job gets, so no rule differs by route.
 */
export const decodeImportJob = (
  data: unknown,
): Validation<{ readonly batch_id: ImportBatchId; readonly rows: ReadonlyArray<ImportRowToDecode> }> =>
  pipe(
    decodeWithFieldErrors(ImportJobEnvelope)(data),
    E.map((envelope) => {
      const rawRows = (isRecord(data) && Array.isArray(data['rows']) ? data['rows'] : []) as ReadonlyArray<unknown>
      const actor = Actor.encode(envelope.actor)
      return {
        batch_id: envelope.batch_id,
        rows: envelope.rows.map(({ row }, index) => {
          const raw = rawRows[index]
          const fields = isRecord(raw) ? raw : {}
          return {
            row,
            decode: () =>
              decodeCreateJob({
                version: 1,
                request_id: fields['request_id'],
                actor,
                patient_id: fields['patient_id'],
                body: fields['body'],
              }),
          }
        }),
      }
    }),
  )
