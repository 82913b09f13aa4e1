import { execFile } from 'node:child_process'
import { existsSync, rmSync } from 'node:fs'
import { resolve } from 'node:path'
import { promisify } from 'node:util'
import { expect } from 'chai'
import { Redis } from 'ioredis'
import { dropDatabase } from '../../worker/db/database-lifecycle'
import { jsonBlocks, shellExamples, type ExampleMarker, type ShellExample } from '../support/doc-examples'
import { freePort } from '../support/free-port'
import { spawnService, type ServiceProcess } from '../support/processes'
import { runShellSession, type ShellCode } from '../support/shell-session'

const ROOT = resolve(__dirname, '..', '..', '..')
/** Where the README's import writes its report (ignored by git); removed again unless it was there before. */
const IMPORT_REPORT = resolve(ROOT, 'docs', 'examples', 'waitlist-import.csv.report.csv')
const run = promisify(execFile)

type RunMarker = Extract<ExampleMarker, { run: true }>
type Runnable = ShellExample & { readonly marker: RunMarker }
const runnable = (example: ShellExample): example is Runnable =>
  typeof example.marker !== 'string' && example.marker.run

/** The demo's queue prefix and database: this run's, with `-readme` and `_readme` added, holding the demo's data alone. */
const DEMO_QUEUE_PREFIX = `{waitlist-test-${process.pid}-readme}`
const demoDatabaseUrl = (): string => {
  const url = new URL(process.env['DATABASE_URL'] ?? '')
  url.pathname = `${url.pathname}_readme`
  return url.toString()
}

/** The answer's body in a `curl -i` output: its last line that is a JSON object. */
const lastJson = (output: string): unknown =>
  JSON.parse(
    output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .at(-1) ?? 'null',
  )

/**
 * The README's shell examples, and docs/api.md's, run as a reader runs them: in order, in one bash session per
 * file, against a demo started as `npm run demo` starts it (migrate, seed the demo data, print the curl, API and
 * worker in one process), on a free port given as PORT, with its own database and queue prefix and the default
 * rate limits. Each example's curls must be answered with the statuses its marker lists (README.md, "Tests").
 */
describe('the shell examples of README.md and docs/api.md, run as written against a demo instance', function () {
  this.timeout(120_000)
  const readme = shellExamples('README.md')
  const api = shellExamples('docs/api.md')
  let port: number
  let env: NodeJS.ProcessEnv
  let demo: ServiceProcess | undefined
  let printedCurl: string
  let reportWasThere: boolean
  const sessions: Array<ReturnType<typeof runShellSession>> = []
  const session = (examples: readonly ShellCode[]) => {
    const started = runShellSession(examples, { cwd: ROOT, env })
    sessions.push(started)
    return started
  }

  before(async () => {
    reportWasThere = existsSync(IMPORT_REPORT)
    port = await freePort()
    env = {
      ...process.env,
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      DATABASE_URL: demoDatabaseUrl(),
      QUEUE_PREFIX: DEMO_QUEUE_PREFIX,
      PORT: String(port),
    }
    // The demo's defaults, not the suite's: limits a reader's examples must stay under, and the sweeps.
    for (const name of [
      'RATE_LIMIT_PER_USER_PER_MINUTE',
      'RATE_LIMIT_PER_IP_PER_MINUTE',
      'EXPIRY_SWEEP_INTERVAL_MS',
      'OUTBOX_SWEEP_INTERVAL_MS',
    ])
      delete env[name]
    await dropDatabase(env['DATABASE_URL']!)
    await run(process.execPath, ['dist/scripts/db-migrate.js'], { cwd: ROOT, env })
    await run(process.execPath, ['dist/scripts/db-seed.js'], { cwd: ROOT, env })
    printedCurl = (await run(process.execPath, ['dist/scripts/token.js', '--curl'], { cwd: ROOT, env })).stdout
    demo = spawnService('start', env)
    await demo.logged('ingress listening', 60_000)
  })

  after(async () => {
    for (const started of sessions) started.stop()
    if (demo !== undefined && demo.child.exitCode === null) {
      demo.child.kill('SIGTERM')
      await demo.exited
    }
    if (!reportWasThere) rmSync(IMPORT_REPORT, { force: true })
    await dropDatabase(demoDatabaseUrl())
    const redis = new Redis(process.env['REDIS_URL'] ?? '')
    try {
      const keys = await redis.keys(`${DEMO_QUEUE_PREFIX}*`)
      if (keys.length > 0) await redis.del(...keys)
    } finally {
      await redis.quit()
    }
  })

  it('marks every shell example with the statuses it answers, or skipped and why', () => {
    const unmarked = [...readme, ...api].flatMap(({ file, line, marker }) =>
      typeof marker === 'string' ? [`${file}:${line}: ${marker}`] : [],
    )
    expect(unmarked).to.deep.equal([])
    expect(readme.filter(runnable)).to.have.length.above(5)
    expect(api.filter(runnable)).to.have.length.above(0)
  })

  it("prints with `npm run demo` a curl for the demo's own PORT, which files the API page's request: 201", async () => {
    expect(printedCurl).to.contain(`'http://localhost:${port}/apis/v1/waitlist-requests'`)
    const result = await session([{ file: 'token.js --curl', line: 1, code: printedCurl }]).result(0, 60_000)
    expect(result.failure, result.output).to.equal(undefined)
    expect(result.statuses, result.output).to.deep.equal([201])
  })

  it('answers the documented 400 when the two dates of "Try it" are swapped', async () => {
    const tryIt = readme.filter(runnable).find((example) => example.code.includes('"date_range_start"'))
    const swapped = tryIt!.code.replace(/'\$(START|END)'/g, (_, name) => (name === 'START' ? "'$END'" : "'$START'"))
    expect(swapped).to.not.equal(tryIt!.code)
    const result = await session([{ ...tryIt!, code: swapped }]).result(0, 60_000)
    expect(result.failure, result.output).to.equal(undefined)
    expect(result.statuses, result.output).to.deep.equal([400])
    const documented = jsonBlocks('README.md').find((value) => (value as { code?: number } | null)?.code === 4000)
    expect(lastJson(result.output)).to.deep.equal(documented)
  })

  const runInOrder = (examples: readonly ShellExample[]) => {
    const toRun = examples.filter(runnable)
    let started: ReturnType<typeof runShellSession> | undefined
    for (const example of examples) {
      const where = `${example.file}:${example.line}`
      if (typeof example.marker === 'string') continue
      if (!example.marker.run) {
        it.skip(`${where} is skipped: ${example.marker.reason}`)
        continue
      }
      const { statuses, prints } = example.marker
      const index = toRun.findIndex((other) => other === example)
      const answers = statuses.length === 0 ? 'runs, no HTTP' : `is answered ${statuses.join(' ')}`
      it(`${where} ${answers}${prints === undefined ? '' : `, printing "${prints}"`}`, async () => {
        started ??= session(toRun)
        const result = await started.result(index, 110_000)
        expect(result.failure, result.output).to.equal(undefined)
        expect(result.statuses, result.output).to.deep.equal(statuses)
        if (prints !== undefined) expect(result.output).to.contain(prints)
      })
    }
  }

  describe('README.md, in one terminal from top to bottom', () => runInOrder(readme))

  describe('docs/api.md, in a terminal of its own', () => runInOrder(api))
})
