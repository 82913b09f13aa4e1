import { expect } from 'chai'
import * as E from 'fp-ts/Either'
import { Actor } from '../../shared/auth/actor'
import {
  DEFAULT_IMPORT_CHUNK_ROWS,
  importBatchId,
  importJobs,
  importRequestId,
} from '../../shared/queue/import-job-producer'
import { IMPORT_JOB_NAME, ImportJobData, importJobId } from '../../shared/queue/import-waitlist-requests-job'
import { IMPORT_RESULT_RETENTION_SECONDS } from '../../shared/queue/job-options'

const decodedActor = Actor.decode({ sub: 'importer-7', role: 'STAFF', org_id: 'org-1' })
if (E.isLeft(decodedActor)) throw new Error('test actor does not decode')
const actor = decodedActor.right
const batch = importBatchId({ organization_id: 'org-1', content_sha256: 'a'.repeat(64) })

const body = {
  clinic_id: 'clinic-123',
  date_range_start: '2030-03-04',
  date_range_end: '2030-03-20',
  appointment_category_id: '2058',
  payment_type: 'INSURANCE_PAY',
}
const rows = (count: number) =>
  Array.from({ length: count }, (_, index) => ({ row: index + 2, patient_id: 'patient-012', body }))

describe('the import job producer', () => {
  it('names a batch by organization and content: the same file for the same organization is the same batch', () => {
    const same = importBatchId({ organization_id: 'org-1', content_sha256: 'a'.repeat(64) })
    expect(same).to.equal(batch)
    expect(importBatchId({ organization_id: 'org-2', content_sha256: 'a'.repeat(64) })).not.to.equal(batch)
    expect(importBatchId({ organization_id: 'org-1', content_sha256: 'b'.repeat(64) })).not.to.equal(batch)
  })

  it("gives each row of a batch its own stable request id, and another batch's row another", () => {
    const other = importBatchId({ organization_id: 'org-2', content_sha256: 'a'.repeat(64) })
    expect(importRequestId(batch, 2)).to.equal(importRequestId(batch, 2))
    expect(importRequestId(batch, 2)).not.to.equal(importRequestId(batch, 3))
    expect(importRequestId(batch, 2)).not.to.equal(importRequestId(other, 2))
  })

  it('cuts rows into chunks in order, each job named, identified and kept as the contract says', () => {
    const jobs = importJobs({ batch_id: batch, actor, rows: rows(25), chunkRows: 10 })
    expect(jobs.map((job) => job.data.rows.length)).to.deep.equal([10, 10, 5])
    expect(jobs.map((job) => job.data.chunk)).to.deep.equal([0, 1, 2])
    expect(jobs[2]?.data.rows.map((row) => row.row)).to.deep.equal([22, 23, 24, 25, 26])
    for (const job of jobs) {
      expect(job.name).to.equal(IMPORT_JOB_NAME)
      expect(job.opts.jobId).to.equal(importJobId(batch, job.data.chunk))
      expect(job.opts.removeOnComplete).to.deep.include({ age: IMPORT_RESULT_RETENTION_SECONDS })
      expect(job.opts.attempts).to.be.greaterThan(1)
      expect(job.data.rows.every((row) => row.request_id === importRequestId(batch, row.row))).to.equal(true)
    }
  })

  it('builds data the versioned codec accepts', () => {
    const [job] = importJobs({ batch_id: batch, actor, rows: rows(3) })
    const decoded = ImportJobData.decode(JSON.parse(JSON.stringify(job?.data)))
    expect(E.isRight(decoded)).to.equal(true)
  })

  it(`uses ${DEFAULT_IMPORT_CHUNK_ROWS}-row chunks by default, and keeps any size within 1 to 1000`, () => {
    expect(importJobs({ batch_id: batch, actor, rows: rows(2500) }).length).to.equal(
      Math.ceil(2500 / DEFAULT_IMPORT_CHUNK_ROWS),
    )
    expect(importJobs({ batch_id: batch, actor, rows: rows(2500), chunkRows: 5000 }).length).to.equal(3)
    expect(importJobs({ batch_id: batch, actor, rows: rows(3), chunkRows: 0 }).length).to.equal(3)
    expect(importJobs({ batch_id: batch, actor, rows: [] })).to.deep.equal([])
  })
})
