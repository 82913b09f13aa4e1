import { summarise, type LatencySummary } from '../support/percentiles'
import type { Fault } from './faults'
import type { ImportRun } from './import-workload'
import type { Operation } from './records'
import type { Finding, FindingKind } from './reconcile'

export interface ChaosReport {
  readonly seed: number
  readonly seconds: number
  readonly started: string
  /** Operations by kind, then by the last answer's status (0: no answer). */
  readonly operations: Record<string, Record<string, number>>
  readonly faults: ReadonlyArray<{
    readonly kind: string
    readonly target: string | null
    readonly at_s: number
    /** From the fault to its mending (a restart, a resume, a restored relay; 0 for a kill: the supervisor mends it). */
    readonly broken_ms: number
    /** From the fault to the first create answered 201; null when none came within a minute. */
    readonly recovered_after_ms: number | null
  }>
  readonly findings_by_kind: Record<FindingKind, number>
  /** The first findings of each kind (ids and markers only). */
  readonly findings: ReadonlyArray<Finding>
  readonly outside_faults: {
    readonly answers_5xx: number
    readonly no_answer: number
    readonly latency_ms: LatencySummary
  }
  readonly imports: ReadonlyArray<{
    readonly exit_code: number
    readonly seconds: number
    readonly summary: string | null
  }>
  readonly events: { readonly written: number; readonly delivered: number }
  /** How often the supervisor started each process again after it died. */
  readonly restarts: Record<string, number>
  /** 0 lost, 0 duplicated, 0 double-booked, and nothing else the reconciliation found. */
  readonly passed: boolean
}

const FINDING_KINDS: ReadonlyArray<FindingKind> = [
  'lost',
  'duplicated',
  'double-booked',
  'wrote-on-refusal',
  'inconsistent',
  'unsettled',
  'undelivered',
]
const SHOWN_PER_KIND = 20

/** Whether an operation ran while a fault was in force: from its injection to the service's first 201 after it. */
const duringFault =
  (faults: ReadonlyArray<Fault>) =>
  (operation: Operation): boolean =>
    faults.some(
      (fault) =>
        operation.startedAt <= (fault.recoveredAt ?? fault.healedAt + 60_000) && operation.endedAt >= fault.injectedAt,
    )

export const chaosReport = (input: {
  readonly seed: number
  readonly seconds: number
  readonly startedAt: number
  readonly operations: ReadonlyArray<Operation>
  readonly faults: ReadonlyArray<Fault>
  readonly findings: ReadonlyArray<Finding>
  readonly importRuns: ReadonlyArray<ImportRun>
  readonly events: { readonly written: number; readonly delivered: number }
  readonly restarts: Record<string, number>
}): ChaosReport => {
  const operations: Record<string, Record<string, number>> = {}
  for (const { kind, status } of input.operations) {
    const byStatus = (operations[kind] ??= {})
    byStatus[String(status)] = (byStatus[String(status)] ?? 0) + 1
  }
  const inFault = duringFault(input.faults)
  const calm = input.operations.filter((operation) => !inFault(operation))
  const findingsByKind = Object.fromEntries(
    FINDING_KINDS.map((kind) => [kind, input.findings.filter((finding) => finding.kind === kind).length]),
  ) as Record<FindingKind, number>
  return {
    seed: input.seed,
    seconds: input.seconds,
    started: new Date(input.startedAt).toISOString(),
    operations,
    faults: input.faults.map((fault) => ({
      kind: fault.kind,
      target: fault.target ?? null,
      at_s: Math.round((fault.injectedAt - input.startedAt) / 100) / 10,
      broken_ms: fault.healedAt - fault.injectedAt,
      recovered_after_ms: fault.recoveredAt === undefined ? null : fault.recoveredAt - fault.injectedAt,
    })),
    findings_by_kind: findingsByKind,
    findings: FINDING_KINDS.flatMap((kind) =>
      input.findings.filter((finding) => finding.kind === kind).slice(0, SHOWN_PER_KIND),
    ),
    outside_faults: {
      answers_5xx: calm.filter((operation) => operation.status >= 500).length,
      no_answer: calm.filter((operation) => operation.status === 0).length,
      latency_ms: summarise(
        calm.filter((operation) => operation.status !== 0).map((operation) => operation.endedAt - operation.startedAt),
      ),
    },
    imports: input.importRuns.map((run) => ({
      exit_code: run.exitCode,
      seconds: Math.round((run.endedAt - run.startedAt) / 100) / 10,
      summary: run.summary ?? null,
    })),
    events: input.events,
    restarts: input.restarts,
    passed: input.findings.length === 0,
  }
}

/** The report as a few short Markdown tables, for a terminal and docs/benchmarks.md. */
export const reportTable = (report: ChaosReport): string => {
  const statuses = [...new Set(Object.values(report.operations).flatMap((byStatus) => Object.keys(byStatus)))].sort(
    (a, b) => Number(a) - Number(b),
  )
  const total = (byStatus: Record<string, number>) => Object.values(byStatus).reduce((sum, n) => sum + n, 0)
  const { latency_ms: latency } = report.outside_faults
  return [
    `Chaos run, seed ${report.seed}, ${report.seconds} s from ${report.started}: ${report.passed ? 'PASSED' : 'FAILED'}`,
    '',
    `| operation | ${statuses.map((status) => (status === '0' ? 'no answer' : status)).join(' | ')} | all |`,
    `| --- | ${statuses.map(() => '--:').join(' | ')} | --: |`,
    ...Object.entries(report.operations).map(
      ([kind, byStatus]) =>
        `| ${kind} | ${statuses.map((status) => byStatus[status] ?? '').join(' | ')} | ${total(byStatus)} |`,
    ),
    '',
    '| fault | target | at (s) | broken for (ms) | first 201 after (ms) |',
    '| --- | --- | --: | --: | --: |',
    ...report.faults.map(
      (fault) =>
        `| ${fault.kind} | ${fault.target ?? ''} | ${fault.at_s} | ${fault.broken_ms} | ${fault.recovered_after_ms ?? 'none'} |`,
    ),
    '',
    '| reconciliation | count |',
    '| --- | --: |',
    ...Object.entries(report.findings_by_kind).map(([kind, count]) => `| ${kind} | ${count} |`),
    `| 5xx answers outside fault windows | ${report.outside_faults.answers_5xx} |`,
    `| no answer outside fault windows | ${report.outside_faults.no_answer} |`,
    `| latency outside fault windows, p50 / p99 / max (ms) | ${latency.p50} / ${latency.p99} / ${latency.max} |`,
    `| events written / delivered to the webhook | ${report.events.written} / ${report.events.delivered} |`,
    `| import runs (exit codes) | ${report.imports.map((run) => run.exit_code).join(', ')} |`,
    `| processes started again | ${Object.entries(report.restarts)
      .map(([name, count]) => `${name} ${count}`)
      .join(', ')} |`,
    ...report.findings.map((finding) => `\n- ${finding.kind}: ${finding.detail}`),
  ].join('\n')
}
