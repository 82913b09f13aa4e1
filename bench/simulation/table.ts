import { holdName, runNameFor, sweepPoints, type Compared } from './policies'
import type { Summary } from './metrics'
import { PARAMETERS } from './parameters'

/** The figures as markdown tables, aligned as prettier aligns them, for the terminal and the report alike. */

export const percent = (share: number): string => (Number.isNaN(share) ? '–' : `${(share * 100).toFixed(1)} %`)
export const fixed = (value: number, digits = 1): string => (Number.isFinite(value) ? value.toFixed(digits) : '–')

/** A markdown table; columns after the first are right-aligned (they hold figures). */
const markdownTable = (headers: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const widths = headers.map((header, c) => Math.max(3, header.length, ...rows.map((row) => (row[c] ?? '').length)))
  const line = (cells: ReadonlyArray<string>) =>
    `| ${cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join(' | ')} |`
  const rule = `| ${widths.map((width, c) => (c === 0 ? '-'.repeat(width) : `${'-'.repeat(width - 1)}:`)).join(' | ')} |`
  return [line(headers), rule, ...rows.map(line)].join('\n')
}

/** One row a policy: the issue's figures. */
export const summaryTable = (summaries: ReadonlyArray<Summary>): string =>
  markdownTable(
    [
      'policy',
      'freed',
      'filled',
      'filled (≥ 24 h notice)',
      'hours to fill: median',
      'p90',
      'days sooner: median',
      'offers per fill',
      'accepted per offer',
      'messages per patient-week',
      'most in a week',
      'never offered',
    ],
    summaries.map((s) => [
      s.policy,
      String(s.freed),
      percent(s.fillRate),
      percent(s.fillRateWithDay),
      fixed(s.medianHoursToFill),
      fixed(s.p90HoursToFill),
      fixed(s.medianDaysSooner),
      fixed(s.offersPerFill),
      percent(s.acceptedPerOffer),
      fixed(s.messagesPerPatientWeek, 2),
      String(s.mostInAWeek),
      percent(s.neverOfferedShare),
    ]),
  )

/** A sweep's figure in a grid: a row a batch size, a column a hold. */
export const sweepGrid = (
  compared: ReadonlyArray<Compared>,
  summaries: ReadonlyArray<Summary>,
  figure: (summary: Summary) => string,
): string => {
  const byName = new Map(summaries.map((s) => [s.policy, s]))
  const points = sweepPoints()
  const holds = PARAMETERS.sweep.holdSeconds.map((hold) => hold ?? undefined)
  return markdownTable(
    ['batch_size', ...holds.map((hold) => `hold ${holdName(hold)}`)],
    PARAMETERS.sweep.batchSizes.map((batch) => [
      String(batch),
      ...holds.map((hold) => {
        const point = points.find((p) => p.policy.batch_size === batch && p.policy.hold_seconds === hold)
        const summary = point === undefined ? undefined : byName.get(runNameFor(point, compared))
        return summary === undefined ? '–' : figure(summary)
      }),
    ]),
  )
}

/** Fairness: a row a priority band. */
export const bandTable = (summary: Summary): string =>
  markdownTable(
    ['priority', 'requests', 'offered', 'booked', 'days sooner: median'],
    summary.bands.map((b) => [
      String(b.priority),
      String(b.requests),
      percent(b.offeredShare),
      percent(b.bookedShare),
      fixed(b.medianDaysSooner),
    ]),
  )

/** Fill rate by how long before the slot it was freed. */
export const noticeTable = (summaries: ReadonlyArray<Summary>): string => {
  const bands = summaries[0]?.byNotice.map((b) => b.band) ?? []
  return markdownTable(
    ['policy', ...bands],
    summaries.map((s) => [
      s.policy,
      ...s.byNotice.map((b) => `${percent(b.freed === 0 ? NaN : b.filled / b.freed)} of ${b.freed}`),
    ]),
  )
}
