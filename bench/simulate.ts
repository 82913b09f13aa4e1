import { mkdir, writeFile } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { drawCharts } from './simulation/charts'
import { runInParallel } from './simulation/parallel'
import { comparedPolicies, DEFAULT_POLICY, ONE_AT_A_TIME } from './simulation/policies'
import { goalChecks, reportMarkdown } from './simulation/report'
import { summaryTable } from './simulation/table'
import { buildTrace } from './simulation/trace'

/**
 * `npm run simulate -- [--days 90] [--seed 1] [--clinics 3] [--out DIR] [--threads N]`
 * (docs/simulation.md): a discrete-event simulation of clinics' cancellations
 * and waitlists in virtual time, playing every compared policy against the
 * same world through the service's own matching and offer rules. Prints the
 * summary table and writes the report with its charts to --out.
 */

const USAGE = 'usage: npm run simulate -- [--days 90] [--seed 1] [--clinics 3] [--out DIR] [--threads N]'

const wholeNumber = (name: string, value: string | undefined, fallback: number, max: number): number => {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1 || n > max) {
    process.stderr.write(`--${name} must be a whole number from 1 to ${max}\n${USAGE}\n`)
    process.exit(2)
  }
  return n
}

const main = async () => {
  const { values } = parseArgs({
    options: {
      days: { type: 'string' },
      seed: { type: 'string' },
      clinics: { type: 'string' },
      out: { type: 'string' },
      threads: { type: 'string' },
    },
  })
  const days = wholeNumber('days', values.days, 90, 3650)
  const seed = wholeNumber('seed', values.seed, 1, 2 ** 31 - 1)
  const clinics = wholeNumber('clinics', values.clinics, 3, 100)
  const threads = wholeNumber('threads', values.threads, availableParallelism(), 64)
  const out = values.out ?? join('bench', 'results', 'simulation')
  const started = performance.now()

  const compared = comparedPolicies()
  let done = 0
  const running = runInParallel({ seed, clinics, days }, compared, threads, ({ index, seconds }) => {
    done += 1
    process.stderr.write(`${done}/${compared.length} ${compared[index]?.name ?? ''} (${seconds.toFixed(1)} s)\n`)
  })
  const trace = buildTrace(seed, clinics, days)
  const summaries = await running
  const named = summaries.slice(0, compared.indexOf(DEFAULT_POLICY) + 1)
  const defaultRun = summaries[compared.indexOf(DEFAULT_POLICY)]
  // The distributions drawn: the first phone list, one offer at a time, and the default.
  const shown = [0, compared.indexOf(ONE_AT_A_TIME), compared.indexOf(DEFAULT_POLICY)].flatMap(
    (i) => summaries[i] ?? [],
  )
  if (defaultRun === undefined) throw new Error('the default policy was not run')

  const command = `npm run simulate -- --days ${days} --seed ${seed} --clinics ${clinics}`
  await mkdir(out, { recursive: true })
  await writeFile(join(out, 'report.md'), reportMarkdown({ command, trace, compared, summaries, named, defaultRun }))
  for (const chart of await drawCharts(compared, summaries, shown)) await writeFile(join(out, chart.file), chart.svg)

  process.stdout.write(`${summaryTable(summaries)}\n\nThe goal, for the default policy:\n`)
  for (const check of goalChecks(defaultRun))
    process.stdout.write(`  ${check.met ? 'met    ' : 'NOT MET'}  ${check.goal}: ${check.measured}\n`)
  const seconds = (performance.now() - started) / 1000
  process.stdout.write(`\nReport: ${join(out, 'report.md')} (${seconds.toFixed(1)} s, ${threads} threads)\n`)
}

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exit(1)
})
