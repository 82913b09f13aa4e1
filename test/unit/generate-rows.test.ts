import { expect } from 'chai'
import * as E from 'fp-ts/Either'
import type { IsoDate } from '../../shared/codecs/iso-date'
import { decodeCreateJob } from '../../shared/queue/create-waitlist-request-job'
import { generateFile, generatedRow } from '../../scripts/importer/generate-rows'
import { csvRows, ndjsonRows } from '../../scripts/importer/file-rows'

const today = '2026-11-24' as IsoDate
const staff = { sub: 'importer-7', role: 'STAFF', org_id: 'org-1' }
const asJob = (row: Record<string, unknown>) =>
  decodeCreateJob({
    version: 1,
    request_id: '3f0c2a9e-4f1b-4c55-9d1e-7a0e5b6c8d90',
    actor: staff,
    patient_id: row['patient_id'],
    body: row,
  })

describe('generated import rows', () => {
  it('pass every synchronous create rule, dated from a week after today within a 60-day span', () => {
    for (let index = 0; index < 500; index += 1) {
      const row = generatedRow(index, { rows: 500, today, invalidEvery: 0 })
      expect(E.isRight(asJob(row)), JSON.stringify(row)).to.equal(true)
      expect(String(row['date_range_start']) >= '2026-12-01').to.equal(true)
    }
  })

  it('break the documented date rule on every Nth row when asked', () => {
    const verdicts = Array.from({ length: 20 }, (_, index) =>
      E.isRight(asJob(generatedRow(index, { rows: 20, today, invalidEvery: 5 }))),
    )
    expect(verdicts.filter((valid) => !valid)).to.have.length(4)
    expect(verdicts[4]).to.equal(false)
  })

  it('read back from the file it writes, in either format, as the same requests', () => {
    const options = { rows: 30, today, invalidEvery: 0 }
    const fromNdjson = [...ndjsonRows(generateFile('ndjson', options))]
    const fromCsv = csvRows(generateFile('csv', options))
    // CSV leaves an empty list out where NDJSON writes [], which the rules read alike: compare what they decode to.
    const requests = (rows: ReadonlyArray<E.Either<unknown, { patient_id: string | null; body: unknown }>>) =>
      rows.map((row) =>
        E.isRight(row)
          ? asJob({ ...(row.right.body as Record<string, unknown>), patient_id: row.right.patient_id })
          : undefined,
      )
    expect(fromNdjson.every(E.isRight)).to.equal(true)
    expect(E.isRight(fromCsv) && fromCsv.right.length).to.equal(30)
    expect(E.isRight(fromCsv) ? requests(fromCsv.right) : []).to.deep.equal(requests(fromNdjson))
  })
})
