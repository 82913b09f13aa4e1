import { expect } from 'chai'
import * as E from 'fp-ts/Either'
import * as O from 'fp-ts/Option'
import type * as t from 'io-ts'
import type { RequestId } from '../../shared/codecs/request-id'
import { decodeCreateJob } from '../../shared/queue/create-waitlist-request-job'
import {
  AppointmentCategory,
  Clinic,
  Organization,
  Patient,
  Provider,
} from '../../shared/reference-data/reference-records'
import { resolveCreateRequest, type CreateReferences } from '../../shared/waitlist-request/resolve-create-request'
import { processImportJob, type ImportProcessorPorts } from '../../worker/processors/import-waitlist-requests'
import type { ReferenceQuery } from '../../worker/reference-data/reference-data-repository'
import type { NewWaitlistRequest } from '../../worker/waitlist-requests/insert-waitlist-requests'

const decodeOrThrow = <A>(codec: t.Decoder<unknown, A>, input: unknown): A => {
  const result = codec.decode(input)
  if (E.isLeft(result)) throw new Error(`test fixture does not decode: ${JSON.stringify(input)}`)
  return result.right
}

const NOW = new Date('2030-03-01T15:00:00Z')
const BATCH = '0ec146d0-e928-5eb2-8b68-568dc41bd9cc'
const id = (n: number) => `3f0c2a9e-4f1b-4c55-9d1e-7a0e5b6c${String(n).padStart(4, '0')}` as RequestId
const staff = { sub: 'importer-7', role: 'STAFF', org_id: 'org-1' }

const references: CreateReferences = {
  clinic: O.some({
    clinic: decodeOrThrow(Clinic, {
      id: 'clinic-123',
      organization_id: 'org-1',
      name: 'C',
      timezone: 'America/New_York',
    }),
    organization: decodeOrThrow(Organization, {
      id: 'org-1',
      name: 'O',
      waitlist: { enabled: true, max_span_days: 60 },
    }),
  }),
  patient: O.some(
    decodeOrThrow(Patient, { id: 'patient-012', organization_id: 'org-1', first_name: 'J', last_name: 'D' }),
  ),
  category: O.some(
    decodeOrThrow(AppointmentCategory, {
      id: '2058',
      clinic_ids: ['clinic-123'],
      name: 'Physical Therapy',
      appointment_type: 'INITIAL_EVAL',
      duration_minutes: 60,
    }),
  ),
  providers: [
    decodeOrThrow(Provider, {
      id: 'provider-789',
      clinic_ids: ['clinic-123'],
      first_name: 'M',
      last_name: 'L',
      title: 'DPT',
    }),
  ],
}

const body = (overrides: Record<string, unknown> = {}) => ({
  clinic_id: 'clinic-123',
  preferred_providers: ['provider-789'],
  date_range_start: '2030-03-04',
  date_range_end: '2030-03-20',
  appointment_category_id: '2058',
  payment_type: 'INSURANCE_PAY',
  ...overrides,
})
const row = (n: number, overrides: Record<string, unknown> = {}) => ({
  row: n,
  request_id: id(n),
  patient_id: 'patient-012',
  body: body(),
  ...overrides,
})
const chunk = (rows: ReadonlyArray<unknown>) => ({ version: 1, batch_id: BATCH, chunk: 0, actor: staff, rows })

/** Ports that record every call: a chunk must cost one lookup and one insert, whatever its size. */
const recordingPorts = (stored: ReadonlyArray<string> = []) => {
  const calls = { stored: [] as string[][], lookups: [] as ReferenceQuery[][], inserts: [] as NewWaitlistRequest[][] }
  const ports: ImportProcessorPorts = {
    findStoredIds: async (ids) => {
      calls.stored.push([...ids])
      return new Set(stored)
    },
    lookupReferences: async (queries) => {
      calls.lookups.push([...queries])
      return queries.map(() => references)
    },
    insertMany: async (requests) => {
      calls.inserts.push([...requests])
      return E.right(undefined)
    },
    now: () => NOW,
  }
  return { ports, calls }
}

describe('the import chunk processor', () => {
  it('answers every row in order, writing the valid ones in a single insert after a single reference lookup', async () => {
    const { ports, calls } = recordingPorts()
    const rows = [
      row(2),
      row(3, { body: body({ date_range_end: '2030-03-01' }) }),
      row(4, { body: body({ preferred_providers: ['provider-999'] }) }),
      row(5, { patient_id: null }),
      row(6),
    ]
    const result = await processImportJob(ports)(chunk(rows))
    expect(calls.lookups).to.have.length(1)
    expect(calls.inserts).to.have.length(1)
    expect(calls.inserts[0]?.map((write) => write.stamp.id)).to.deep.equal([id(2), id(6)])
    expect(result.outcome).to.equal('processed')
    if (result.outcome !== 'processed') return
    expect(result.rows.map((answer) => [answer.row, answer.outcome])).to.deep.equal([
      [2, 'created'],
      [3, 'rejected'],
      [4, 'rejected'],
      [5, 'rejected'],
      [6, 'created'],
    ])
    expect(result.rows[1]).to.deep.include({
      errors: [{ field: 'date_range_end', message: 'date_range_end must be on or after date_range_start' }],
    })
  })

  it('writes each row exactly as the single-create rules resolve it, stamped with the actor and one instant', async () => {
    const { ports, calls } = recordingPorts()
    await processImportJob(ports)(chunk([row(2)]))
    const decoded = decodeCreateJob({
      version: 1,
      request_id: id(2),
      actor: staff,
      patient_id: 'patient-012',
      body: body(),
    })
    if (E.isLeft(decoded)) throw new Error('fixture does not decode')
    const expected = resolveCreateRequest(decoded.right.submission, references, NOW)
    expect(calls.inserts[0]).to.deep.equal([
      { request: E.isRight(expected) ? expected.right : undefined, stamp: { id: id(2), at: NOW, by: staff } },
    ])
  })

  it('answers an already stored row "existing" without judging or writing it again', async () => {
    const { ports, calls } = recordingPorts([id(2)])
    // Row 2 would now be refused (its start has passed), but it was stored when it was valid.
    const result = await processImportJob(ports)(
      chunk([row(2, { body: body({ date_range_start: '2020-01-01', date_range_end: '2020-01-05' }) }), row(3)]),
    )
    expect(result).to.deep.equal({
      outcome: 'processed',
      rows: [
        { row: 2, outcome: 'existing', request_id: id(2) },
        { row: 3, outcome: 'created', request_id: id(3) },
      ],
    })
    expect(calls.inserts[0]?.map((write) => write.stamp.id)).to.deep.equal([id(3)])
  })

  it('refuses a row that repeats an earlier row’s request id', async () => {
    const { ports } = recordingPorts()
    const result = await processImportJob(ports)(chunk([row(2), row(3, { request_id: id(2) })]))
    expect(result.outcome === 'processed' && result.rows[1]).to.deep.equal({
      row: 3,
      outcome: 'rejected',
      errors: [{ field: 'request_id', message: 'request_id repeats the request_id of row 2' }],
    })
  })

  it('rejects a chunk with an unusable envelope whole, touching nothing', async () => {
    const { ports, calls } = recordingPorts()
    const result = await processImportJob(ports)({ ...chunk([row(2)]), version: 2 })
    expect(result).to.deep.equal({ outcome: 'rejected', errors: [{ field: 'version', message: 'version must be 1' }] })
    expect(calls).to.deep.equal({ stored: [], lookups: [], inserts: [] })
  })

  it('answers rows the database refuses as their own rejections, writing the others row by row', async () => {
    const { ports, calls } = recordingPorts()
    const refusal = [{ field: 'notes', message: 'notes was refused by the database' }] as const
    const refusing: ImportProcessorPorts = {
      ...ports,
      insertMany: async (requests) => {
        await ports.insertMany(requests)
        return requests.some((write) => write.request.notes === 'refused')
          ? E.left([...refusal] as never)
          : E.right(undefined)
      },
    }
    const result = await processImportJob(refusing)(
      chunk([row(2), row(3, { body: body({ notes: 'refused' }) }), row(4)]),
    )
    expect(result).to.deep.equal({
      outcome: 'processed',
      rows: [
        { row: 2, outcome: 'created', request_id: id(2) },
        { row: 3, outcome: 'rejected', errors: refusal },
        { row: 4, outcome: 'created', request_id: id(4) },
      ],
    })
    expect(calls.inserts.map((insert) => insert.map((write) => write.stamp.id))).to.deep.equal([
      [id(2), id(3), id(4)],
      [id(2)],
      [id(3)],
      [id(4)],
    ])
  })

  it('lets an infrastructure fault through, so BullMQ retries the chunk', async () => {
    const { ports } = recordingPorts()
    const failing = { ...ports, insertMany: () => Promise.reject(new Error('connection lost')) }
    const error = await processImportJob(failing)(chunk([row(2)])).then(
      () => undefined,
      (e: Error) => e,
    )
    expect(error?.message).to.equal('connection lost')
  })
})
