import { setTimeout as sleep } from 'node:timers/promises'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFile } from 'node:fs/promises'

/**
 * What every benchmark gives the service: rate limits no load here reaches (they still count every request, so
 * their cost is measured), and no worker metrics port, which several workers on this machine would contend for.
 */
export const BENCH_SERVICE_SETTINGS = {
  RATE_LIMIT_PER_USER_PER_MINUTE: 10_000_000,
  RATE_LIMIT_PER_IP_PER_MINUTE: 10_000_000,
  WORKER_METRICS_PORT: 0,
} as const

/** The same, as environment variables for the service's processes. */
export const benchServiceEnv: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(BENCH_SERVICE_SETTINGS).map(([name, value]) => [name, String(value)]),
)

export interface NodeProcess {
  readonly pid: number
  readonly stop: () => Promise<void>
}

/** A compiled script as its own Node process (stdout and stderr dropped: a pipe nobody reads would block it). */
export const spawnNode = (
  script: string,
  args: ReadonlyArray<string>,
  env: Record<string, string>,
  nodeArgs: ReadonlyArray<string> = [],
): NodeProcess => {
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], {
    env: { ...process.env, ...env },
    stdio: 'ignore',
  })
  const exited = once(child, 'exit')
  return {
    pid: child.pid ?? 0,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      await exited
    },
  }
}

/** Polls `url` until it answers 200, for at most `timeoutMs`. */
export const waitForHttp = async (url: string, timeoutMs = 20_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const ready = await fetch(url).then(
      (response) => response.ok,
      () => false,
    )
    if (ready) return
    await sleep(100)
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`)
}

/** Resident memory of a process in KiB, from /proc (Linux). */
export const residentKiB = async (pid: number): Promise<number> => {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status)
  if (match === null) throw new Error(`no VmRSS for process ${pid}`)
  return Number(match[1])
}

/** Linux counts a process's CPU in clock ticks, a hundred a second on every common build. */
const TICKS_PER_SECOND = 100

/** CPU a process has spent, user and system, in seconds, from /proc (Linux). */
export const cpuSeconds = async (pid: number): Promise<number> => {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
  // After the command name in parentheses (which may hold spaces): utime and stime are the 12th and 13th fields.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND
}
