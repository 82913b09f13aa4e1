import { expect } from 'chai'
import type { RequestId } from '../../shared/codecs/request-id'
import { addToTally, emptyTally, reportCsv, type RowOutcome } from '../../scripts/importer/import-report'

const ID = '3f0c2a9e-4f1b-4c55-9d1e-7a0e5b6c8d90' as RequestId

const outcomes: RowOutcome[] = [
  { row: 5, outcome: 'pending' },
  {
    row: 3,
    outcome: 'rejected',
    errors: [
      { field: 'notes', message: 'a, "quoted"\nmessage' },
      { field: 'priority', message: 'p' },
    ],
  },
  { row: 2, outcome: 'created', request_id: ID },
  { row: 4, outcome: 'existing', request_id: ID },
  { row: 6, outcome: 'failed', message: 'connection lost' },
]

describe('the import report', () => {
  it('has one CSV line per row, in file order, with the id or the first failed rule and then all of them', () => {
    expect(reportCsv(outcomes).split('\n')).to.deep.equal([
      'row,outcome,request_id,field,message,all_errors',
      `2,created,${ID},,,`,
      '3,rejected,,notes,"a, ""quoted""',
      'message","notes: a, ""quoted""',
      'message | priority: p"',
      `4,existing,${ID},,,`,
      '5,pending,,,not finished: the import was interrupted; run the same import again,',
      '6,failed,,,not written: connection lost; run the same import again,',
      '',
    ])
  })

  it('tallies accepted (created or already there), rejected and failed rows', () => {
    expect(addToTally(emptyTally(7), outcomes)).to.deep.equal({ read: 7, accepted: 2, rejected: 1, failed: 1 })
  })
})
