/** The nearest-rank percentile of `values` (p from 0 to 100); NaN for none. */
export const percentile = (values: ReadonlyArray<number>, p: number): number => {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)))
  return sorted[rank - 1] as number
}

export interface LatencySummary {
  readonly count: number
  readonly p50: number
  readonly p99: number
  readonly max: number
}

export const summarise = (latenciesMs: ReadonlyArray<number>): LatencySummary => ({
  count: latenciesMs.length,
  p50: percentile(latenciesMs, 50),
  p99: percentile(latenciesMs, 99),
  max: percentile(latenciesMs, 100),
})
