import { setTimeout as sleep } from 'node:timers/promises'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Client as Postgres } from 'pg'
import { startChaosStack, QUEUE_PREFIX, type ChaosStack } from './chaos-stack'
import { balancedClient, type Client } from './client'
import { runFaults, type Fault } from './faults'
import { importUntilDone, writeImportFile, type ImportFile, type ImportRun } from './import-workload'
import { openingsClient } from './offer-workload'
import { randomStream } from './random'
import { answeredId, recordAnswers, records as newRecords, type Records } from './records'
import { chaosReport, reportTable, type ChaosReport } from './report'
import { reconcile } from './reconcile'
import { requestClient, type Live, type Workload } from './request-workload'
import { settleAccepted, settleQueues } from './settle'
import { ORG, OFFER_CLINIC, patientId, requestBody, tokens as signTokens, type Tokens } from './world'

export interface ChaosOptions {
  readonly seconds: number
  readonly seed: number
  /** Where the report (chaos-report.json, chaos-report.md), the import file and each process's log go. */
  readonly out: string
  /** Concurrent API clients filing and changing requests (the openings have a client of their own). */
  readonly clients: number
  readonly importRows: number
}

const RECOVERY_WAIT_MS = 60_000

/** Until every API process answers and `/readyz` counts workers on every queue. */
const ready = async (stack: ChaosStack): Promise<void> => {
  const deadline = Date.now() + 60_000
  for (const url of stack.apiUrls)
    for (;;) {
      const status = await fetch(`${url}/readyz`).then(
        async (response) => ((await response.json()) as { data?: { status?: string } }).data?.status,
        () => undefined,
      )
      if (status === 'ready') break
      if (Date.now() > deadline) throw new Error(`${url} was not ready within a minute`)
      await sleep(200)
    }
}

/**
 * A create sent every quarter second until one is answered 201: how the run tells the service has recovered from
 * a fault. Each is an operation of its own, reconciled as any create.
 */
const probeUntilCreated = async (client: Client, workload: Workload): Promise<number | undefined> => {
  const deadline = Date.now() + RECOVERY_WAIT_MS
  while (Date.now() < deadline) {
    const marker = workload.marker()
    const patient = patientId(1)
    const answer = await client.send('POST', '/apis/v1/waitlist-requests', {
      token: workload.tokens.patient(patient),
      body: requestBody(OFFER_CLINIC, marker, 5),
      headers: { 'Idempotency-Key': `probe-${marker}` },
    })
    const id = answeredId(answer)
    recordAnswers(workload.records, 'probe', [answer], {
      marker,
      filedBy: patient,
      ...(id === undefined ? {} : { requestId: id, answeredIds: [id] }),
    })
    if (answer.status === 201) return answer.endedAt
    await sleep(250)
  }
  return undefined
}

/**
 * The import twice, as a clinic's file is sent during an outage and then again by someone unsure it went through:
 * once early, once at half time; the second must create nothing.
 */
const imports = async (
  stack: ChaosStack,
  options: ChaosOptions,
  startedAt: number,
): Promise<{ readonly file: ImportFile; readonly runs: ImportRun[] }> => {
  const file = await writeImportFile(options.out, options.seed, options.importRows)
  await sleep(options.seconds * 150)
  const first = await importUntilDone(file, stack.env)
  await sleep(Math.max(0, startedAt + options.seconds * 500 - Date.now()))
  return { file, runs: [...first, ...(await importUntilDone(file, stack.env))] }
}

export const runChaos = async (options: ChaosOptions): Promise<ChaosReport> => {
  await mkdir(options.out, { recursive: true })
  const stack = await startChaosStack(options.out, options.seed)
  try {
    await ready(stack)
    const client = balancedClient(stack.apiUrls)
    const tokens = signTokens(stack.jwtSecret)
    const records: Records = newRecords()
    const startedAt = Date.now()
    const endsAt = startedAt + options.seconds * 1000
    let markers = 0
    const workload: Workload = {
      client,
      tokens,
      records,
      marker: () => `chaos-s${options.seed}-${String(++markers).padStart(6, '0')}`,
      running: () => Date.now() < endsAt,
    }
    const live = new Map<string, Live>()
    const [faults, imported] = await Promise.all([
      runFaults(stack, randomStream(options.seed, 'faults'), { firstAfterMs: 5_000, endsAt, quietEndMs: 8_000 }, () =>
        probeUntilCreated(client, workload),
      ),
      imports(stack, options, startedAt),
      openingsClient(workload, randomStream(options.seed, 'openings'), options.seed),
      ...Array.from({ length: options.clients }, (_, n) =>
        requestClient(workload, randomStream(options.seed, `client-${n}`), live),
      ),
    ] as const)
    return await settleAndReconcile(stack, options, { client, tokens, records, startedAt, faults, imported })
  } finally {
    await stack.stop()
  }
}

const settleAndReconcile = async (
  stack: ChaosStack,
  options: ChaosOptions,
  run: {
    readonly client: Client
    readonly tokens: Tokens
    readonly records: Records
    readonly startedAt: number
    readonly faults: ReadonlyArray<Fault>
    readonly imported: { readonly file: ImportFile; readonly runs: ReadonlyArray<ImportRun> }
  },
): Promise<ChaosReport> => {
  const operations = run.records.all()
  const settled = await settleAccepted(run.client, run.tokens, operations)
  const db = new Postgres({ connectionString: stack.databaseUrl })
  await db.connect()
  try {
    const settledAt = await settleQueues(stack.redis.url, QUEUE_PREFIX, db)
    await stack.supervisor.stop()
    const delivered = new Set(stack.receiver.deliveries().map((delivery) => String(delivery.headers['x-event-id'])))
    const findings = await reconcile(db, {
      operations,
      settled,
      importFile: run.imported.file,
      importRuns: run.imported.runs,
      delivered,
      settledAt,
    })
    const { rows } = await db.query<{ written: number }>(
      'SELECT count(*)::int AS written FROM outbox_events WHERE organization_id = $1',
      [ORG],
    )
    const report = chaosReport({
      seed: options.seed,
      seconds: options.seconds,
      startedAt: run.startedAt,
      operations,
      faults: run.faults,
      findings,
      importRuns: run.imported.runs,
      events: { written: rows[0]?.written ?? 0, delivered: delivered.size },
      restarts: Object.fromEntries(stack.supervisor.processes.map((member) => [member.name, member.restarts()])),
    })
    await writeFile(join(options.out, 'chaos-report.json'), `${JSON.stringify(report, null, 2)}\n`)
    await writeFile(join(options.out, 'chaos-report.md'), `${reportTable(report)}\n`)
    return report
  } finally {
    await db.end()
  }
}
