import { spawn, type ChildProcess } from 'node:child_process'
import { resolve } from 'node:path'
import { eventually } from './eventually'

export interface ServiceProcess {
  readonly child: ChildProcess
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>
  readonly output: () => string
  /** Resolves once a log line with this `msg` has been printed. */
  readonly logged: (msg: string, timeoutMs?: number) => Promise<void>
}

const DIST = resolve(__dirname, '..', '..')

/** Each entry point, compiled, by the name of the npm script that starts it. */
const ENTRY_POINTS = {
  start: ['ingress', 'single-machine-main.js'],
  'start-ingress': ['ingress', 'main.js'],
  'start-worker': ['worker', 'main.js'],
} as const

/**
 * Runs one of the service's own entry points (compiled) as a real process,
 * with this test run's database, Redis and queue prefix unless `env` says
 * otherwise; its JSON log lines are kept for `logged`.
 */
export const spawnService = (
  script: keyof typeof ENTRY_POINTS,
  env: Record<string, string | undefined> = {},
): ServiceProcess => {
  const child = spawn(process.execPath, [resolve(DIST, ...ENTRY_POINTS[script])], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const collect = (chunk: Buffer) => {
    output += chunk.toString()
  }
  child.stdout?.on('data', collect)
  child.stderr?.on('data', collect)
  // 'close', not 'exit': the child's last lines may still be in the pipe when it exits.
  const exited = new Promise<number | null>((done) => child.once('close', (code) => done(code)))
  const logged = async (msg: string, timeoutMs = 15_000) => {
    await eventually(
      async () => output.includes(`"msg":"${msg}"`),
      timeoutMs,
      () => `${script} did not log "${msg}"; output:\n${output}`,
    )
  }
  return { child, exited, output: () => output, logged }
}
