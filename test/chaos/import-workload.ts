import { setTimeout as sleep } from 'node:timers/promises'
import { execFile } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { LIFECYCLE_CLINIC, ORG, patientCount, patientId, requestBody } from './world'

const IMPORT_COMMAND = resolve(__dirname, '..', '..', 'scripts', 'import.js')
/** One row in this many names a provider nobody knows: the worker refuses it, and nothing of it may be stored. */
const REFUSED_EVERY = 50
const MAX_RUNS = 10

export interface ImportFile {
  readonly path: string
  /** The marker (notes) of each row, and whether the rules accept it. */
  readonly rows: ReadonlyArray<{ readonly marker: string; readonly valid: boolean }>
}

export interface ImportRun {
  readonly startedAt: number
  readonly endedAt: number
  readonly exitCode: number
  /** `created X, already there Y, rejected Z` as the command printed it, when it got that far. */
  readonly summary: string | undefined
}

/** An NDJSON file of `rows` requests at the lifecycle clinic, as a clinic's spreadsheet would arrive. */
export const writeImportFile = async (dir: string, seed: number, rows: number): Promise<ImportFile> => {
  const made = Array.from({ length: rows }, (_, i) => {
    const marker = `chaos-s${seed}-import-${String(i + 1).padStart(5, '0')}`
    const valid = (i + 1) % REFUSED_EVERY !== 0
    const body = {
      patient_id: patientId((i % patientCount) + 1),
      ...requestBody(LIFECYCLE_CLINIC, marker, (i % 5) + 1, valid ? {} : { preferred_providers: ['prov-nobody'] }),
    }
    return { marker, valid, line: JSON.stringify(body) }
  })
  const path = join(dir, `import-s${seed}.ndjson`)
  await writeFile(path, made.map((row) => row.line).join('\n') + '\n')
  return { path, rows: made.map(({ marker, valid }) => ({ marker, valid })) }
}

const runOnce = (file: ImportFile, env: NodeJS.ProcessEnv): Promise<ImportRun> =>
  new Promise((done) => {
    const startedAt = Date.now()
    execFile(
      process.execPath,
      [IMPORT_COMMAND, file.path, '--org', ORG, '--user', 'chaos-importer', '--no-progress'],
      { env: { ...env, LOG_LEVEL: 'warn' } },
      (error, stdout) => {
        const exitCode = error === null ? 0 : typeof error.code === 'number' ? error.code : 1
        const summary = /created \d+, already there \d+, rejected \d+/.exec(stdout)?.[0]
        done({ startedAt, endedAt: Date.now(), exitCode, summary })
      },
    )
  })

/**
 * `npm run import` as an operator runs it during an outage: run, and when it fails (Redis restarted under it, a
 * chunk not written), run the same command again, as its own message says, until it finishes.
 */
export const importUntilDone = async (file: ImportFile, env: NodeJS.ProcessEnv): Promise<ImportRun[]> => {
  const runs: ImportRun[] = []
  for (let run = 1; run <= MAX_RUNS; run++) {
    const result = await runOnce(file, env)
    runs.push(result)
    if (result.exitCode === 0) break
    await sleep(2_000)
  }
  return runs
}
