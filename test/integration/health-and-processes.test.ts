import { freePort } from '../support/processes'
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { expect } from 'chai'
import { Client } from 'pg'
import { Queue } from 'bullmq'
import { QUEUE_NAME } from '../../shared/queue/waitlist-queue'
import { call, createRequest, startStack, type TestStack } from '../support/stack'
import { dropDatabase } from '../../worker/db/database-lifecycle'
import { validBody } from '../support/fixtures'
import { patientToken } from '../support/tokens'
import { startIngress, type RunningIngress } from '../../scripts/start-ingress'
import { createLogger, loadConfig } from '../../scripts/runtime'
import { migrations } from '../../worker/db/migrations'

/** The compiled entry points, as `npm start` and friends run them. */
const ROOT = resolve(__dirname, '..', '..', '..')
const script = (name: string) => join(ROOT, 'dist', 'scripts', `${name}.js`)

interface Exit {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
  readonly ms: number
}

/** Output and exit of a child started with `spawnScript`. */
const watch = (child: ChildProcess, timeoutMs: number): Promise<Exit> =>
  new Promise((resolvePromise, reject) => {
    const started = Date.now()
    let stdout = ''
    let stderr = ''
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolvePromise({ code, signal, stdout, stderr, ms: Date.now() - started })
    })
  })

const spawnScript = (name: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess =>
  spawn(process.execPath, [script(name), ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })

/** The suite's environment (test database, Redis index, queue prefix, JWT secret), quiet. */
const childEnv = (overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent', ...overrides }
  for (const [name, value] of Object.entries(overrides)) if (value === undefined) delete env[name]
  return env
}

const runScript = (name: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 15_000): Promise<Exit> =>
  watch(spawnScript(name, args, env), timeoutMs)

const withClient = async <A>(databaseUrl: string, use: (client: Client) => Promise<A>): Promise<A> => {
  const client = new Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    return await use(client)
  } finally {
    await client.end()
  }
}

const testDatabaseUrl = () => process.env['DATABASE_URL'] ?? ''

const rowsOf = (sql: string, params: unknown[] = []) =>
  withClient(testDatabaseUrl(), async (client) => (await client.query(sql, params)).rows)

describe('GET /healthz and /readyz with PostgreSQL and Redis up', () => {
  let stack: TestStack
  before(async () => {
    stack = await startStack()
  })
  after(async () => {
    await stack?.stop()
  })

  it('answers /healthz with 200 in the envelope', async () => {
    const answer = await call(stack, 'GET', '/healthz')
    expect(answer.status, answer.text).to.equal(200)
    expect(answer.headers.get('content-type')).to.match(/^application\/json/)
    expect(answer.body).to.deep.include({ code: 2000, message: 'Success' })
  })

  it('answers /readyz with 200 and every dependency up', async () => {
    const answer = await call(stack, 'GET', '/readyz')
    expect(answer.status, answer.text).to.equal(200)
    expect(answer.body.code).to.equal(2000)
    expect(answer.body.data.dependencies).to.deep.equal({ postgres: 'up', redis: 'up' })
  })

  it('needs no token for either', async () => {
    const answers = await Promise.all([call(stack, 'GET', '/healthz'), call(stack, 'GET', '/readyz')])
    expect(answers.map((answer) => answer.status)).to.deep.equal([200, 200])
  })
})

describe('GET /readyz with PostgreSQL not answering (an ingress alone, pointed at a closed port)', () => {
  let ingress: RunningIngress | undefined
  let baseUrl = ''
  before(async () => {
    const config = { ...loadConfig(), PORT: 0, HOST: '127.0.0.1', DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' }
    ingress = await startIngress(config, createLogger(config, 'test'))
    baseUrl = `http://127.0.0.1:${ingress.port}`
  })
  after(async () => {
    await ingress?.stop()
  })

  it('answers /readyz with 503, code 5030, naming postgres (and only postgres) as down', async () => {
    const started = Date.now()
    const answer = await call({ baseUrl }, 'GET', '/readyz')
    expect(Date.now() - started, 'a readiness probe must not hang').to.be.below(3_000)
    expect(answer.status, answer.text).to.equal(503)
    expect(answer.headers.get('content-type')).to.match(/^application\/json/)
    expect(answer.body).to.deep.include({ code: 5030, data: null })
    expect(answer.body.message).to.match(/postgres/)
    expect(answer.body.message).not.to.match(/redis/)
    expect(answer.body.errors).to.be.an('array').with.length(1)
    expect(answer.body.errors[0].field).to.equal('postgres')
    expect(answer.text).not.to.match(/ECONNREFUSED|127\.0\.0\.1:1|sequelize|Error:/i)
  })

  it('still answers /healthz with 200: the process lives', async () => {
    const answer = await call({ baseUrl }, 'GET', '/healthz')
    expect(answer.status, answer.text).to.equal(200)
  })
})

describe('the compiled entry points as processes', function () {
  this.timeout(30_000)
  let scratch = ''
  before(async () => {
    // A freshly migrated and seeded test database; nothing of this stack keeps running.
    const stack = await startStack()
    await stack.stop()
    scratch = mkdtempSync(join(tmpdir(), 'waitlist-processes-'))
  })
  after(() => {
    if (scratch !== '') rmSync(scratch, { recursive: true, force: true })
  })

  describe('production refuses to start without JWT configuration', () => {
    for (const name of ['start-ingress', 'start']) {
      it(`node dist/scripts/${name}.js exits non-zero at once, naming JWT_SECRET`, async () => {
        const exit = await runScript(
          name,
          [],
          childEnv({ NODE_ENV: 'production', PORT: '0', JWT_SECRET: undefined, JWT_PUBLIC_KEY: undefined }),
          5_000,
        )
        expect(exit.signal, 'killed after 5 s: the process kept running').to.equal(null)
        expect(exit.code).to.be.a('number').and.not.equal(0)
        expect(`${exit.stderr}${exit.stdout}`).to.match(/JWT_SECRET/)
        expect(exit.ms).to.be.below(5_000)
      })
    }
  })

  describe('db-seed FILE', () => {
    const writeJson = (name: string, content: unknown): string => {
      const path = join(scratch, name)
      writeFileSync(path, JSON.stringify(content, null, 2))
      return path
    }

    const organizationIds = async (ids: string[]) =>
      (await rowsOf('SELECT id FROM organizations WHERE id = ANY($1) ORDER BY id', [ids])).map((row) => row.id)

    it('refuses a bad file whole, naming each bad entry, and loads nothing of it', async () => {
      const path = writeJson('bad.json', {
        organizations: [{ id: 'org-seed-good', name: 'A good organization', waitlist: { enabled: true } }],
        clinics: [{ id: 'clinic-mars', organization_id: 'org-seed-good', name: 'Olympus', timezone: 'Mars/Olympus' }],
        providers: [
          { id: 'prov-seed-bad', clinic_ids: ['clinic-nowhere'], first_name: 'Ann', last_name: 'Lee', title: 'PT' },
        ],
      })
      const exit = await runScript('db-seed', [path], childEnv())
      expect(exit.code, exit.stderr).to.equal(1)
      expect(exit.stderr).to.include('clinics[0]')
      expect(exit.stderr).to.include('providers[0]')
      expect(exit.stderr).not.to.match(/at \w+ \(|node_modules/)
      expect(await organizationIds(['org-seed-good'])).to.deep.equal([])
      expect(await rowsOf('SELECT id FROM clinics WHERE id = $1', ['clinic-mars'])).to.deep.equal([])
    })

    it('refuses a file whose only fault is a provider at an unknown clinic, naming providers[0]', async () => {
      const path = writeJson('dangling.json', {
        organizations: [{ id: 'org-seed-good', name: 'A good organization', waitlist: { enabled: true } }],
        providers: [
          { id: 'prov-seed-bad', clinic_ids: ['clinic-nowhere'], first_name: 'Ann', last_name: 'Lee', title: 'PT' },
        ],
      })
      const exit = await runScript('db-seed', [path], childEnv())
      expect(exit.code, exit.stderr).to.equal(1)
      expect(exit.stderr).to.include('providers[0]')
      expect(exit.stderr).to.include('clinic-nowhere')
      expect(await organizationIds(['org-seed-good'])).to.deep.equal([])
    })

    it('refuses a file that is not JSON, saying so', async () => {
      const path = join(scratch, 'broken.json')
      writeFileSync(path, '{"organizations": [')
      const exit = await runScript('db-seed', [path], childEnv())
      expect(exit.code).to.equal(1)
      expect(exit.stderr).to.match(/not valid JSON/)
    })

    it('loads a good file, and loading it again upserts: same counts, no error, no duplicates', async () => {
      const file = {
        organizations: [{ id: 'org-seed-1', name: 'Seed Org', waitlist: { enabled: true, max_span_days: 45 } }],
        clinics: [
          { id: 'clinic-seed-1', organization_id: 'org-seed-1', name: 'Seed Clinic', timezone: 'Europe/Paris' },
        ],
        providers: [
          { id: 'prov-seed-1', clinic_ids: ['clinic-seed-1'], first_name: 'Lea', last_name: 'Roy', title: 'DPT' },
        ],
        patients: [{ id: 'pat-seed-1', organization_id: 'org-seed-1', first_name: 'Max', last_name: 'Moe' }],
        appointment_categories: [
          {
            id: 'cat-seed-1',
            clinic_ids: ['clinic-seed-1'],
            name: 'Seed Rehab',
            appointment_type: 'FOLLOW_UP',
            duration_minutes: 20,
          },
        ],
      }
      const path = writeJson('good.json', file)
      const counts = { organizations: 1, clinics: 1, providers: 1, patients: 1, appointment_categories: 1 }
      const first = await runScript('db-seed', [path], childEnv())
      expect(first.code, first.stderr).to.equal(0)
      expect(first.stdout).to.include(JSON.stringify(counts))
      const second = await runScript('db-seed', [path], childEnv())
      expect(second.code, second.stderr).to.equal(0)
      expect(second.stdout).to.include(JSON.stringify(counts))
      expect(second.stderr).to.equal('')

      expect(await organizationIds(['org-seed-1'])).to.deep.equal(['org-seed-1'])
      expect(
        await rowsOf('SELECT provider_id, clinic_id FROM provider_clinics WHERE provider_id = $1', ['prov-seed-1']),
      ).to.deep.equal([{ provider_id: 'prov-seed-1', clinic_id: 'clinic-seed-1' }])

      // A changed entry is updated in place, by id.
      const renamed = writeJson('renamed.json', {
        organizations: [
          { id: 'org-seed-1', name: 'Seed Org, renamed', waitlist: { enabled: true, max_span_days: 45 } },
        ],
      })
      const third = await runScript('db-seed', [renamed], childEnv())
      expect(third.code, third.stderr).to.equal(0)
      expect(await rowsOf('SELECT name FROM organizations WHERE id = $1', ['org-seed-1'])).to.deep.equal([
        { name: 'Seed Org, renamed' },
      ])
    })
  })

  describe('db-migrate against a database that does not exist yet', () => {
    const url = new URL(testDatabaseUrl())
    url.pathname = `/waitlist_test_migrate_${randomBytes(4).toString('hex')}`
    const databaseUrl = url.toString()
    after(async () => {
      await dropDatabase(databaseUrl)
    })

    const appliedMigrations = () =>
      withClient(databaseUrl, async (client) =>
        (await client.query('SELECT name FROM schema_migrations ORDER BY name')).rows.map((row) => row.name),
      )

    it('creates the database and applies every migration, and a second run changes nothing', async () => {
      const exists = await withClient(
        testDatabaseUrl(),
        async (client) =>
          (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [url.pathname.slice(1)])).rowCount,
      )
      expect(exists, 'the database must not exist before the test').to.equal(0)

      const first = await runScript('db-migrate', [], childEnv({ DATABASE_URL: databaseUrl }))
      expect(first.code, first.stderr).to.equal(0)
      const names = migrations.map((migration) => migration.name).sort()
      expect(await appliedMigrations()).to.deep.equal(names)

      const second = await runScript('db-migrate', [], childEnv({ DATABASE_URL: databaseUrl }))
      expect(second.code, second.stderr).to.equal(0)
      expect(await appliedMigrations()).to.deep.equal(names)
      const tables = await withClient(
        databaseUrl,
        async (client) =>
          (
            await client.query(
              "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name = $1",
              ['waitlist_requests'],
            )
          ).rows,
      )
      expect(tables).to.have.length(1)
    })
  })

  describe('SIGTERM while requests are in flight (node dist/scripts/start.js)', () => {
    let child: ChildProcess | undefined
    let locker: Client | undefined
    after(async () => {
      if (child !== undefined && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      await locker?.end().catch(() => undefined)
    })

    it('answers every in-flight create with 201, stores them all, then exits with code 0', async () => {
      const port = await freePort()
      const baseUrl = `http://127.0.0.1:${port}`
      child = spawnScript('start', [], childEnv({ PORT: String(port), HOST: '127.0.0.1' }))
      const exited = watch(child, 25_000)

      const deadline = Date.now() + 15_000
      for (;;) {
        const health = await call({ baseUrl }, 'GET', '/healthz').catch(() => undefined)
        if (health?.status === 200) break
        if (child.exitCode !== null) expect.fail(`start.js exited early: ${(await exited).stderr}`)
        if (Date.now() > deadline) expect.fail('start.js did not answer /healthz within 15 s')
        await sleep(100)
      }

      // Holding the table makes every job wait in the worker, so all ten requests are surely in
      // flight (received, enqueued, awaited) when the signal comes, and stay so for a while after.
      locker = new Client({ connectionString: testDatabaseUrl() })
      await locker.connect()
      await locker.query('BEGIN')
      await locker.query('LOCK TABLE waitlist_requests IN EXCLUSIVE MODE')

      const count = 10
      const answers = Promise.all(
        Array.from({ length: count }, (_, index) =>
          createRequest({ baseUrl }, patientToken('pat-a1', `user-sigterm-${index}`), validBody()).then(
            (answer) => answer,
            (error: unknown) => error as Error,
          ),
        ),
      )

      // The worker writes creates that arrive during a write together in its next one, so one insert waits on
      // the lock and the other nine wait in the worker behind it: all ten jobs are active, none can finish.
      const config = loadConfig()
      const queue = new Queue(QUEUE_NAME, { connection: { url: config.REDIS_URL }, prefix: config.QUEUE_PREFIX })
      try {
        const waitingDeadline = Date.now() + 10_000
        for (;;) {
          const [row] = await rowsOf(
            `SELECT count(*)::int AS n FROM pg_stat_activity
             WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%waitlist_requests%'`,
          )
          const active = await queue.getActiveCount()
          if (active === count && (row?.n ?? 0) >= 1) break
          if (Date.now() > waitingDeadline)
            expect.fail(`${active} of ${count} jobs active, ${row?.n} inserts waiting on the lock`)
          await sleep(50)
        }
      } finally {
        await queue.close()
      }

      expect(child.kill('SIGTERM')).to.equal(true)
      await sleep(400)
      expect(child.exitCode, 'the process must wait for its in-flight requests').to.equal(null)
      await locker.query('COMMIT')

      const results = await answers
      const failures = results.filter((result) => result instanceof Error)
      expect(failures.map(String), 'requests that got no answer').to.deep.equal([])
      const statuses = results.map((result) => (result instanceof Error ? 0 : result.status))
      expect(statuses).to.deep.equal(Array(count).fill(201))

      const exit = await exited
      expect(exit.signal, exit.stderr).to.equal(null)
      expect(exit.code, exit.stderr).to.equal(0)

      const ids = results.map((result) => (result instanceof Error ? '' : (result.body.data.id as string)))
      const stored = await rowsOf('SELECT id, created_by FROM waitlist_requests WHERE id::text = ANY($1::text[])', [
        ids,
      ])
      expect(stored).to.have.length(count)
      expect(stored.map((row) => row.created_by).sort()).to.deep.equal(
        Array.from({ length: count }, (_, index) => `user-sigterm-${index}`).sort(),
      )
      const closed = await call({ baseUrl }, 'GET', '/healthz').then(
        () => 'still answering',
        () => 'closed',
      )
      expect(closed).to.equal('closed')
    })
  })
})
