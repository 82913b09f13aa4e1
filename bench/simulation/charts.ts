import type { Summary } from './metrics'
import { PARAMETERS } from './parameters'
import { holdName, runNameFor, sweepPoints, type Compared } from './policies'

/**
 * The report's charts as SVG, drawn by vega-lite and vega headless (no
 * browser, no canvas, nothing fetched): fill rate against batch size and
 * hold, the days sooner patients were seen, and the messages each waiting
 * patient got. The data are counted here; the specs only draw them.
 */

type Row = Record<string, string | number>

const WIDTH = 560

const render = async (spec: Record<string, unknown>): Promise<string> => {
  const vega = await import('vega')
  const vegaLite = await import('vega-lite')
  const compiled = vegaLite.compile({ config: { font: 'sans-serif' }, ...spec } as never).spec
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' })
  const svg = await view.toSVG()
  view.finalize()
  return `${svg}\n`
}

const fillRateSweep = (compared: ReadonlyArray<Compared>, summaries: ReadonlyArray<Summary>) => {
  const byName = new Map(summaries.map((s) => [s.policy, s]))
  const values: Row[] = sweepPoints().flatMap((point) => {
    const summary = byName.get(runNameFor(point, compared))
    if (summary === undefined) return []
    return [
      { batch: point.policy.batch_size, hold: holdName(point.policy.hold_seconds), fill: summary.fillRateWithDay },
    ]
  })
  return {
    title: 'Slots freed with at least 24 h notice that were filled',
    width: WIDTH,
    height: 320,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'batch', type: 'quantitative', title: 'batch_size (offers per round)', scale: { type: 'log' } },
      y: { field: 'fill', type: 'quantitative', title: 'filled', axis: { format: '.0%' } },
      color: {
        field: 'hold',
        type: 'nominal',
        title: 'hold_seconds',
        sort: PARAMETERS.sweep.holdSeconds.map((hold) => holdName(hold ?? undefined)),
      },
    },
  }
}

/** The share of each run's `values` in each bin (`bin` gives a value's bin, in order). */
const shares = (
  summaries: ReadonlyArray<Summary>,
  valuesOf: (summary: Summary) => ReadonlyArray<number>,
  bins: ReadonlyArray<string>,
  bin: (value: number) => number,
): Row[] =>
  summaries.flatMap((summary) => {
    const values = valuesOf(summary)
    const counts = bins.map(() => 0)
    for (const value of values) counts[bin(value)] = (counts[bin(value)] ?? 0) + 1
    return bins.map((label, i) => ({
      policy: summary.policy,
      bin: label,
      order: i,
      share: values.length === 0 ? 0 : (counts[i] ?? 0) / values.length,
    }))
  })

const histogram = (
  title: string,
  axes: { readonly x: string; readonly y: string },
  values: Row[],
  bins: ReadonlyArray<string>,
) => {
  const policies = [...new Set(values.map((row) => row.policy))]
  return {
    title,
    data: { values },
    mark: 'bar',
    width: WIDTH,
    height: 110,
    encoding: {
      x: { field: 'bin', type: 'ordinal', sort: bins, title: axes.x, axis: { labelAngle: 0 } },
      y: { field: 'share', type: 'quantitative', title: axes.y, axis: { format: '.0%' } },
      row: {
        field: 'policy',
        type: 'nominal',
        title: null,
        sort: policies,
        header: { labelAngle: 0, labelOrient: 'top', labelAnchor: 'start', labelFontSize: 12 },
      },
      color: { field: 'policy', type: 'nominal', legend: null, sort: policies },
    },
  }
}

const WEEKS = [...Array.from({ length: 13 }, (_, w) => `${w * 7}–${w * 7 + 7}`), '91+']
const daysSooner = (summaries: ReadonlyArray<Summary>) =>
  histogram(
    'Days sooner than the appointment the patient held',
    { x: 'days sooner', y: 'share of bookings' },
    shares(
      summaries,
      (s) => s.daysSooner,
      WEEKS,
      (days) => Math.min(WEEKS.length - 1, Math.floor(days / 7)),
    ),
    WEEKS,
  )

const COUNTS = [...Array.from({ length: 15 }, (_, n) => String(n)), '15–29', '30+']
const messagesPerPatient = (summaries: ReadonlyArray<Summary>) =>
  histogram(
    'Offers (or calls) each waiting patient got',
    { x: 'offers per patient', y: 'share of patients' },
    shares(
      summaries,
      (s) => s.messagesPerPatient,
      COUNTS,
      (n) => (n < 15 ? n : n < 30 ? 15 : 16),
    ),
    COUNTS,
  )

export interface Chart {
  readonly file: string
  readonly svg: string
}

/** Every chart of the report, with the file report.md shows it from; `shown` are the runs whose distributions are drawn. */
export const drawCharts = async (
  compared: ReadonlyArray<Compared>,
  summaries: ReadonlyArray<Summary>,
  shown: ReadonlyArray<Summary>,
): Promise<Chart[]> => [
  { file: 'fill-rate-sweep.svg', svg: await render(fillRateSweep(compared, summaries)) },
  { file: 'days-sooner.svg', svg: await render(daysSooner(shown)) },
  { file: 'offers-per-patient.svg', svg: await render(messagesPerPatient(shown)) },
]
