import { spawn, type ChildProcess } from 'node:child_process'
import { createWriteStream, type WriteStream } from 'node:fs'
import { join, resolve } from 'node:path'

const DIST = resolve(__dirname, '..', '..')
const ENTRY_POINTS = { api: join(DIST, 'ingress', 'main.js'), worker: join(DIST, 'worker', 'main.js') } as const

/** How long the supervisor waits before starting a process that died again, as systemd's RestartSec would. */
const RESTART_DELAY_MS = 1_000

export interface Supervised {
  readonly name: string
  readonly kind: keyof typeof ENTRY_POINTS
  /** Sends a signal to the process running now (none while it is being restarted). */
  readonly signal: (signal: NodeJS.Signals) => boolean
  /** How many times it was started again after dying. */
  readonly restarts: () => number
}

export interface Supervisor {
  readonly processes: ReadonlyArray<Supervised>
  readonly byKind: (kind: Supervised['kind']) => ReadonlyArray<Supervised>
  /** SIGCONT to all, then SIGTERM, and waits for every exit; nothing is started again. Once, however often called. */
  readonly stop: () => Promise<void>
}

/**
 * The service's processes as an operator runs them under a supervisor: each started from its compiled entry point
 * with its own environment, its output appended to `<logs>/<name>.log`, and started again a second after it dies,
 * whatever killed it.
 */
export const supervise = (
  specs: ReadonlyArray<{ readonly name: string; readonly kind: Supervised['kind']; readonly env: NodeJS.ProcessEnv }>,
  logs: string,
): Supervisor => {
  let stopping = false
  const exits = new Set<Promise<void>>()
  const processes = specs.map(
    (spec): Supervised & { readonly stopNow: () => void; readonly closeLog: () => Promise<void> } => {
      const log: WriteStream = createWriteStream(join(logs, `${spec.name}.log`), { flags: 'a' })
      let child: ChildProcess | undefined
      let restarts = 0
      const launch = () => {
        const current = spawn(process.execPath, [ENTRY_POINTS[spec.kind]], {
          env: spec.env,
          stdio: ['ignore', 'pipe', 'pipe'],
        })
        current.stdout?.pipe(log, { end: false })
        current.stderr?.pipe(log, { end: false })
        child = current
        const exit = new Promise<void>((done) =>
          current.once('close', () => {
            exits.delete(exit)
            child = undefined
            if (!stopping) {
              restarts += 1
              setTimeout(() => stopping || launch(), RESTART_DELAY_MS)
            }
            done()
          }),
        )
        exits.add(exit)
      }
      launch()
      return {
        name: spec.name,
        kind: spec.kind,
        signal: (signal) => child?.kill(signal) ?? false,
        restarts: () => restarts,
        stopNow: () => {
          child?.kill('SIGCONT')
          child?.kill('SIGTERM')
        },
        closeLog: () => new Promise<void>((closed) => log.end(closed)),
      }
    },
  )
  let stopped: Promise<void> | undefined
  return {
    processes,
    byKind: (kind) => processes.filter((member) => member.kind === kind),
    stop: () =>
      (stopped ??= (async () => {
        stopping = true
        for (const member of processes) member.stopNow()
        await Promise.all([...exits])
        await Promise.all(processes.map((member) => member.closeLog()))
      })()),
  }
}
