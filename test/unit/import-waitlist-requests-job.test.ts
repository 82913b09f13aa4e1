import { expect } from 'chai'
import * as E from 'fp-ts/Either'
import { decodeCreateJob } from '../../shared/queue/create-waitlist-request-job'
import { DATE_RANGE_REVERSED } from '../../shared/waitlist-request/messages'
import {
  IMPORT_CHUNK_MAX_ROWS,
  ImportJobResult,
  decodeImportJob,
  importJobId,
  type ImportBatchId,
} from '../../shared/queue/import-waitlist-requests-job'
import { refusals } from '../support/refusals'

const BATCH = '0ec146d0-e928-5eb2-8b68-568dc41bd9cc'
const REQUEST = (n: number) => `3f0c2a9e-4f1b-4c55-9d1e-7a0e5b6c${String(n).padStart(4, '0')}`
const staff = { sub: 'importer-7', role: 'STAFF', org_id: 'org-1' }

const body = (overrides: Record<string, unknown> = {}) => ({
  clinic_id: 'clinic-123',
  date_range_start: '2030-03-04',
  date_range_end: '2030-03-20',
  appointment_category_id: '2058',
  payment_type: 'INSURANCE_PAY',
  ...overrides,
})
const row = (n: number, overrides: Record<string, unknown> = {}) => ({
  row: n,
  request_id: REQUEST(n),
  patient_id: 'patient-012',
  body: body(),
  ...overrides,
})
const chunk = (overrides: Record<string, unknown> = {}) => ({
  version: 1,
  batch_id: BATCH,
  chunk: 0,
  actor: staff,
  rows: [row(2)],
  ...overrides,
})

const decodedRows = (data: unknown) => {
  const decoded = decodeImportJob(data)
  if (E.isLeft(decoded)) throw new Error(`chunk refused: ${JSON.stringify(decoded.left)}`)
  return decoded.right.rows.map(({ row, decode }) => ({ row, decoded: decode() }))
}

describe('the import job contract', () => {
  it('judges every row exactly as a create job with the same actor, patient and body', () => {
    const rows = [
      row(2),
      row(3, { body: body({ date_range_end: '2030-03-01', priority: '2' }) }),
      row(4, { patient_id: null }),
      row(5, { request_id: 'not-a-uuid', body: 'not an object' }),
    ]
    const decoded = decodedRows(chunk({ rows }))
    expect(decoded.map(({ row }) => row)).to.deep.equal([2, 3, 4, 5])
    rows.forEach((raw, index) => {
      const asCreate = decodeCreateJob({
        version: 1,
        request_id: raw.request_id,
        actor: staff,
        patient_id: raw.patient_id,
        body: raw.body,
      })
      expect(decoded[index]?.decoded).to.deep.equal(asCreate)
    })
    expect(E.isRight(decoded[0]!.decoded)).to.equal(true)
    expect(decoded[1]!.decoded).to.deep.equal(
      E.left([
        { field: 'date_range_end', message: DATE_RANGE_REVERSED },
        { field: 'priority', message: 'priority must be an integer from 1 to 5' },
      ]),
    )
  })

  it('refuses a chunk whole only when its envelope is unusable, naming each bad part', () => {
    const decoded = decodeImportJob({
      version: 2,
      batch_id: 'x',
      chunk: -1,
      actor: { sub: 'x', role: 'OWNER' },
      rows: [],
    })
    expect(E.isLeft(decoded)).to.equal(true)
    const fields = E.isLeft(decoded) ? decoded.left.map((error) => error.field) : []
    expect(fields).to.include.members(['version', 'batch_id', 'chunk', 'rows'])
    expect(fields.some((field) => field.startsWith('actor'))).to.equal(true)
  })

  it(`refuses rows without a row number, and chunks over ${IMPORT_CHUNK_MAX_ROWS} rows`, () => {
    const unnumbered = decodeImportJob(chunk({ rows: [{ request_id: REQUEST(1), body: body() }] }))
    expect(E.isLeft(unnumbered) && unnumbered.left[0]?.field).to.equal('rows')
    const tooMany = decodeImportJob(
      chunk({ rows: Array.from({ length: IMPORT_CHUNK_MAX_ROWS + 1 }, (_, n) => row(n + 1)) }),
    )
    expect(E.isLeft(tooMany) && tooMany.left[0]?.message).to.match(/1 to 1000/)
    expect(decodeImportJob('not a chunk')).to.deep.equal(E.left([{ field: '', message: 'value is invalid' }]))
  })

  it('names a job by batch and chunk, without the colon BullMQ refuses', () => {
    expect(importJobId(BATCH as ImportBatchId, 7)).to.equal(`import-${BATCH}-7`)
  })

  it('reads results: per-row answers, or the chunk rejected whole', () => {
    const processed = {
      outcome: 'processed',
      rows: [
        { row: 2, outcome: 'created', request_id: REQUEST(2) },
        { row: 3, outcome: 'existing', request_id: REQUEST(3) },
        {
          row: 4,
          outcome: 'rejected',
          errors: [{ field: 'priority', message: 'priority must be an integer from 1 to 5' }],
        },
      ],
    }
    expect(E.isRight(ImportJobResult.decode(processed))).to.equal(true)
    expect(
      E.isRight(ImportJobResult.decode({ outcome: 'rejected', errors: [{ field: 'rows', message: 'm' }] })),
    ).to.equal(true)
    expect(refusals(ImportJobResult.decode({ outcome: 'rejected', errors: [] }))).to.deep.equal([
      { key: 'errors', codec: 'FieldErrors' },
    ])
    // A row is created (with its request id) or rejected (with its errors): this one is neither.
    expect(
      refusals(ImportJobResult.decode({ outcome: 'processed', rows: [{ row: 2, outcome: 'created' }] })),
    ).to.deep.equal([
      { key: 'request_id', codec: 'RequestId' },
      { key: 'outcome', codec: '"rejected"' },
      { key: 'errors', codec: 'FieldErrors' },
    ])
  })
})
