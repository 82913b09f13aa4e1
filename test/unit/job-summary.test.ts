import { expect } from 'chai'
import { failureSummary, jobDataSummary, jobResultSummary } from '../../ingress/admin/job-summary'

describe('the queue dashboard shows jobs by their ids, never by what is a patient’s', () => {
  it('keeps ids, the actor’s role and organization, and a chunk’s row count; names what it leaves out', () => {
    expect(
      jobDataSummary({
        version: 1,
        request_id: 'r-1',
        correlation_id: 'req-1',
        actor: { sub: 'user-pat-1', role: 'USER', patient_id: 'pat-1' },
        patient_id: 'pat-1',
        body: { notes: 'private' },
      }),
    ).to.deep.equal({
      version: 1,
      request_id: 'r-1',
      correlation_id: 'req-1',
      actor: { role: 'USER', org_id: undefined },
      not_shown: ['patient_id', 'body'],
    })
    expect(jobDataSummary({ version: 1, batch_id: 'b', chunk: 0, rows: [{}, {}, {}] })).to.deep.equal({
      version: 1,
      batch_id: 'b',
      chunk: 0,
      rows: 3,
    })
    expect(jobDataSummary('not an object')).to.deep.equal({})
  })

  it('keeps a result’s outcome and reason words only', () => {
    expect(
      jobResultSummary({ outcome: 'rejected', reason: 'conflict', errors: [{ field: 'notes', message: 'quoted' }] }),
    ).to.deep.equal({ outcome: 'rejected', reason: 'conflict' })
    expect(jobResultSummary({ outcome: 'created', request: { notes: 'private' } })).to.deep.equal({
      outcome: 'created',
    })
    expect(jobResultSummary(undefined)).to.equal(undefined)
    expect(jobResultSummary(['x'])).to.deep.equal({})
  })

  it('names a failure by its error’s name, never its message', () => {
    const stack = 'SequelizeDatabaseError: refusing {"notes": "private"}\n    at Query.run (query.js:1:1)'
    const summary = failureSummary('create-1', ['Error: older attempt', stack])
    expect(summary)
      .to.match(/^SequelizeDatabaseError: /)
      .and.to.include('create-1')
      .and.not.to.include('private')
    expect(failureSummary('job-2', null)).to.match(/^Error: /)
  })
})
