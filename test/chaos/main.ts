import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { reportTable } from './report'
import { runChaos } from './run-chaos'

const usage = `npm run chaos -- [--minutes 5 | --seconds 300] [--seed 1] [--out DIR] [--clients 6] [--import-rows 300]

Runs two API processes and two workers against a private Redis and PostgreSQL, drives a mixed workload, breaks
things on a seeded schedule, then reconciles every answer with the database. Exit code 1 when anything
acknowledged was lost, done twice or double-booked (or anything else the reconciliation found).`

const whole = (name: string, value: string | undefined, fallback: number): number => {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number`)
  return n
}

const main = async () => {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string' },
      seconds: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      clients: { type: 'string' },
      'import-rows': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  })
  if (values.help) {
    process.stdout.write(`${usage}\n`)
    return
  }
  const seconds = Math.round(
    values.seconds !== undefined ? whole('--seconds', values.seconds, 300) : whole('--minutes', values.minutes, 5) * 60,
  )
  const seed = Math.round(whole('--seed', values.seed, 1))
  const out = resolve(values.out ?? join('.local', 'chaos', new Date().toISOString().replace(/[:.]/g, '-')))
  process.stdout.write(`chaos: ${seconds} s, seed ${seed}; logs and report in ${out}\n`)
  const report = await runChaos({
    seconds,
    seed,
    out,
    clients: Math.round(whole('--clients', values.clients, 6)),
    importRows: Math.round(whole('--import-rows', values['import-rows'], 300)),
  })
  process.stdout.write(`${reportTable(report)}\n`)
  process.exitCode = report.passed ? 0 : 1
}

main().catch((error: unknown) => {
  process.stderr.write(`chaos run failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exitCode = 2
})
