import { expect } from 'chai'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FAULT_KINDS } from '../chaos/faults'
import { reportTable, type ChaosReport } from '../chaos/report'
import { runChaos } from '../chaos/run-chaos'

describe('chaos soak: 60 seconds of mixed work while processes and servers are killed, stalled, restarted and cut', function () {
  this.timeout(300_000)
  let out: string
  let report: ChaosReport

  before(async () => {
    out = await mkdtemp(join(tmpdir(), 'waitlist-chaos-'))
    report = await runChaos({ seconds: 60, seed: 1, out, clients: 6, importRows: 300 })
  })
  after(async function () {
    // A failed run keeps its report and every process's log for whoever looks into it.
    if (this.currentTest?.state !== 'failed' && report?.passed) await rm(out, { recursive: true, force: true })
  })

  const explain = () => `${reportTable(report)}\n(report and logs in ${out})`

  it('loses nothing acknowledged, does nothing twice and books no slot twice', () => {
    expect(report.findings_by_kind.lost, explain()).to.equal(0)
    expect(report.findings_by_kind.duplicated, explain()).to.equal(0)
    expect(report.findings_by_kind['double-booked'], explain()).to.equal(0)
  })

  it('reconciles every answer with the database and every event with the webhook: nothing else found', () => {
    expect(report.findings, explain()).to.deep.equal([])
    expect(report.passed).to.equal(true)
  })

  it('met every kind of fault, and recovered from each: a create answered 201 afterwards', () => {
    expect(new Set(report.faults.map((fault) => fault.kind)), explain()).to.deep.equal(new Set(FAULT_KINDS))
    for (const fault of report.faults) expect(fault.recovered_after_ms, explain()).to.be.a('number')
  })

  it('ran the whole mix: creates, refusals, changes, cancels, fulfils, reads, openings, accepts and the import', () => {
    const answered = (kind: string, status: string) => report.operations[kind]?.[status] ?? 0
    for (const [kind, status] of [
      ['create', '201'],
      ['create-unkeyed', '201'],
      ['create-refused', '400'],
      ['change', '200'],
      ['cancel', '200'],
      ['fulfil', '200'],
      ['read', '200'],
      ['open-slot', '201'],
      ['accept', '200'],
      ['accept', '409'],
    ] as const)
      expect(answered(kind, status), `${kind} ${status}\n${explain()}`).to.be.greaterThan(0)
    expect(report.imports.at(-1)?.summary, explain()).to.match(/^created 0, already there \d+, rejected 6$/)
    expect(report.events.delivered, explain()).to.be.greaterThan(0)
  })
})
