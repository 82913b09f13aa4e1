import { spawn, type ChildProcess } from 'node:child_process'
import { resolve } from 'node:path'
import { eventually } from './eventually'

export { freePort } from '../../scripts/bench/bench-processes'

export interface ServiceProcess {
  readonly child: ChildProcess
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>
  readonly output: () => string
  /** Resolves once a log line with this `msg` has been printed. */
  readonly logged: (msg: string, timeoutMs?: number) => Promise<void>
}

const SCRIPTS = resolve(__dirname, '..', '..', 'scripts')

/**
 * Runs one of the service's own entry points (compiled) as a real process,
 * with this test run's database, Redis and queue prefix unless `env` says
 * otherwise; its JSON log lines are kept for `logged`.
 */
export const spawnService = (
  script: 'start' | 'start-ingress' | 'start-worker',
  env: Record<string, string> = {},
): ServiceProcess => {
  const child = spawn(process.execPath, [resolve(SCRIPTS, `${script}.js`)], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const collect = (chunk: Buffer) => {
    output += chunk.toString()
  }
  child.stdout?.on('data', collect)
  child.stderr?.on('data', collect)
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)))
  const logged = async (msg: string, timeoutMs = 15_000) => {
    await eventually(
      async () => output.includes(`"msg":"${msg}"`),
      timeoutMs,
      () => `${script} did not log "${msg}"; output:\n${output}`,
    )
  }
  return { child, exited, output: () => output, logged }
}
