import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { expect } from 'chai'
import * as E from 'fp-ts/Either'
import { QueryTypes } from 'sequelize'
import { createLogger } from '../../scripts/runtime'
import { importFile, ImportRefused, type ImportOptions } from '../../scripts/import'
import { seedReferenceData } from '../../worker/seed/seed-reference-data'
import { startStack, type TestStack } from '../support/stack'
import { clinicDate } from '../support/fixtures'

const ROOT = resolve(__dirname, '..', '..', '..')

const csvLine = (patient: string, start: number, end: number, extra = '') =>
  `${patient},clinic-a1,prov-a1;prov-a2,MORNING;AFTERNOON,MONDAY,${clinicDate('clinic-a1', start)},${clinicDate('clinic-a1', end)},cat-eval,INSURANCE_PAY,2,${extra}`
const HEADER =
  'patient_id,clinic_id,preferred_providers,preferred_time_slots,preferred_days,date_range_start,date_range_end,appointment_category_id,payment_type,priority,notes'

describe('npm run import: a file of requests, straight onto the queue', () => {
  let stack: TestStack
  let dir: string
  before(async () => {
    stack = await startStack()
    dir = await mkdtemp(join(tmpdir(), 'waitlist-import-'))
  })
  after(async () => {
    await stack?.stop()
    if (dir !== undefined) await rm(dir, { recursive: true, force: true })
  })

  const logger = () => createLogger({ ...stack.config, LOG_LEVEL: 'silent' }, 'import-test')
  const options = (file: string, overrides: Partial<ImportOptions> = {}): ImportOptions => ({
    file,
    organization: 'org-a',
    user: 'importer-7',
    role: 'STAFF',
    report: `${file}.report.csv`,
    chunkRows: 4,
    maxBytes: 1024 * 1024,
    progress: false,
    ...overrides,
  })
  const write = async (name: string, text: string | Uint8Array) => {
    const file = join(dir, name)
    await writeFile(file, text)
    return file
  }
  const countFor = async (batch: string) => {
    const [row] = await stack.sequelize.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM waitlist_requests WHERE created_by = 'importer-7' AND notes LIKE :batch",
      { replacements: { batch: `${batch}%` }, type: QueryTypes.SELECT },
    )
    return row?.n ?? 0
  }
  const reportLines = async (file: string) => (await readFile(`${file}.report.csv`, 'utf8')).trim().split('\n')

  it('imports a CSV, one bad row not stopping the rest, and reports every row; a rerun creates nothing twice', async () => {
    const file = await write(
      'clinic.csv',
      [
        HEADER,
        csvLine('pat-a1', 7, 20, 'first ok'),
        csvLine('pat-a2', 7, 20, 'first ok'),
        csvLine('pat-a1', 20, 7, 'first reversed'),
        csvLine('pat-b1', 7, 20, 'first other org'),
        'pat-a1,clinic-a1,too,few',
        csvLine('pat-a2', 8, 30, 'first ok'),
      ].join('\n'),
    )
    const first = await importFile(stack.config, logger(), options(file))
    expect(first).to.deep.include({ created: 3, existing: 0, interrupted: false })
    expect(first.tally).to.deep.equal({ read: 6, accepted: 3, rejected: 3, failed: 0 })
    expect(await countFor('first')).to.equal(3)
    const lines = await reportLines(file)
    expect(lines[0]).to.equal('row,outcome,request_id,field,message,all_errors')
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 2).join(','))).to.deep.equal([
      '2,created',
      '3,created',
      '4,rejected',
      '5,rejected',
      '6,rejected',
      '7,created',
    ])
    expect(lines[3]).to.contain('date_range_end,date_range_end must be on or after date_range_start')
    expect(lines[4]).to.contain('patient_id,patient_id does not name a known patient')
    expect(lines[5]).to.contain('row,row 6 has 4 values where the header has 11')

    const again = await importFile(stack.config, logger(), options(file))
    expect(again).to.deep.include({ batch_id: first.batch_id, created: 0, existing: 3 })
    expect(again.tally.rejected).to.equal(3)
    expect(await countFor('first')).to.equal(3)
    expect((await reportLines(file)).filter((line) => line.includes(',existing,'))).to.have.length(3)
  })

  it('finishes the rest when an interrupted import is started again, writing every row once', async () => {
    const rows = Array.from({ length: 40 }, (_, index) =>
      csvLine(index % 2 === 0 ? 'pat-a1' : 'pat-a2', 7, 20 + (index % 9), `second ${index}`),
    )
    const file = await write('interrupted.csv', [HEADER, ...rows].join('\n'))
    const stop = new AbortController()
    const interrupted = await importFile(
      stack.config,
      logger(),
      options(file, { chunksInFlight: 1, onProgress: (tally) => (tally.accepted >= 8 ? stop.abort() : undefined) }),
      stop.signal,
    )
    expect(interrupted.interrupted).to.equal(true)
    const pending = (await reportLines(file)).filter((line) => line.includes(',pending,'))
    expect(pending.length).to.be.greaterThan(0)
    expect(pending[0]).to.contain('not finished: the import was interrupted; run the same import again')

    const resumed = await importFile(stack.config, logger(), options(file))
    expect(resumed.interrupted).to.equal(false)
    expect(resumed.created + resumed.existing).to.equal(40)
    expect(resumed.existing).to.be.at.least(8)
    expect(await countFor('second')).to.equal(40)
  })

  it('refuses an empty file, a file that is not UTF-8, one over the limit, and an unusable actor, before queueing anything', async () => {
    const refusal = (promise: Promise<unknown>) =>
      promise.then(
        () => 'imported',
        (error: Error) => (error instanceof ImportRefused ? error.message : `unexpected: ${error.message}`),
      )
    const empty = await write('empty.csv', '')
    const latin1 = await write('latin1.csv', Uint8Array.from([...Buffer.from(`${HEADER}\npat-a1,Caf`), 0xe9, 0x0a]))
    const big = await write('big.ndjson', `${JSON.stringify({ clinic_id: 'clinic-a1', notes: 'x'.repeat(200) })}\n`)
    expect(await refusal(importFile(stack.config, logger(), options(empty)))).to.equal(
      `${empty} is empty: there are no rows to import`,
    )
    expect(await refusal(importFile(stack.config, logger(), options(latin1)))).to.match(
      /is not UTF-8 text \(the first invalid byte is at offset \d+\)/,
    )
    expect(await refusal(importFile(stack.config, logger(), options(big, { maxBytes: 100 })))).to.match(
      /is \d+ bytes, larger than the import limit of 100 bytes/,
    )
    expect(await refusal(importFile(stack.config, logger(), options(join(dir, 'missing.csv'))))).to.match(
      /cannot be read/,
    )
    const badActor = options(big, { organization: 'org a', role: 'USER' })
    expect(await refusal(importFile(stack.config, logger(), badActor))).to.match(/^--role, --org unusable: /)
  })

  it('on Ctrl-C, writes the report of what it has (rows not finished say so) and exits 130; its chunks stay queued', async () => {
    // A prefix no worker serves: the chunks wait, so the interruption always comes mid-import.
    const idlePrefix = `{waitlist-test-${process.pid}-idle}`
    const rows = Array.from({ length: 30 }, (_, index) => csvLine('pat-a1', 7, 20, `third ${index}`))
    const file = await write('ctrl-c.csv', [HEADER, 'pat-a1,clinic-a1,too,few', ...rows].join('\n'))
    const child = spawn(
      process.execPath,
      [
        join(ROOT, 'dist', 'scripts', 'import.js'),
        file,
        '--org',
        'org-a',
        '--user',
        'importer-7',
        '--chunk-rows',
        '10',
      ],
      { env: { ...process.env, QUEUE_PREFIX: idlePrefix }, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()))
    const keys = async () => {
      const { Redis } = await import('ioredis')
      const redis = new Redis(stack.config.REDIS_URL)
      try {
        return await redis.keys(`${idlePrefix}*`)
      } finally {
        await redis.quit()
      }
    }
    try {
      // Interrupted once its three chunks are in Redis.
      const deadline = Date.now() + 10_000
      while (!(await keys()).some((key) => key.endsWith('-2')) && Date.now() < deadline) {
        await sleep(50)
      }
      child.kill('SIGINT')
      const [code] = await once(child, 'exit')
      expect(code, out).to.equal(130)
      expect(out).to.contain('interrupted: queued rows still run; run the same command again to finish the rest')
      const lines = await reportLines(file)
      expect(lines.filter((line) => line.includes(',pending,'))).to.have.length(30)
      expect(lines[1]).to.match(/^2,rejected,,row,row 2 has 4 values/)
    } finally {
      const { Redis } = await import('ioredis')
      const redis = new Redis(stack.config.REDIS_URL)
      const left = await redis.keys(`${idlePrefix}*`)
      if (left.length > 0) await redis.del(...left)
      await redis.quit()
    }
  })

  it('imports the bundled example against the demo data from the command line, as the README shows', async () => {
    const demo = JSON.parse(await readFile(join(ROOT, 'worker', 'seed', 'demo-data.json'), 'utf8'))
    expect(E.isRight(await seedReferenceData(stack.sequelize, demo))).to.equal(true)
    const report = join(dir, 'example.report.csv')
    const run = async () => {
      const child = spawn(
        process.execPath,
        [
          join(ROOT, 'dist', 'scripts', 'import.js'),
          join(ROOT, 'docs', 'examples', 'waitlist-import.csv'),
          '--org',
          'org-1',
          '--user',
          'importer-7',
          '--report',
          report,
        ],
        { env: { ...process.env }, stdio: ['ignore', 'pipe', 'pipe'] },
      )
      let out = ''
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
      child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()))
      const [code] = await once(child, 'exit')
      return { code, out }
    }
    const first = await run()
    expect(first.code, first.out).to.equal(0)
    expect(first.out).to.contain('created 5, already there 0, rejected 4')
    const second = await run()
    expect(second.out).to.contain('created 0, already there 5, rejected 4')
    expect((await readFile(report, 'utf8')).trim().split('\n')).to.have.length(10)
  })
})
