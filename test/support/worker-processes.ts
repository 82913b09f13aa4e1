import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Queue } from 'bullmq'

const START_WORKER = resolve(__dirname, '..', '..', 'worker', 'main.js')

export interface WorkerProcesses {
  readonly pids: ReadonlyArray<number>
  /** What the processes printed, for a failure's message. */
  readonly output: () => string
  /** SIGTERM to each (they finish the jobs in hand), then waits for every exit. */
  readonly stop: () => Promise<void>
}

/**
 * `count` real worker processes (compiled `worker/main.js`), as an operator
 * would run them, for the scale-out test and the benchmark. Ready once `queue`
 * (whose prefix they must share) counts that many more workers, so nothing
 * depends on their log lines.
 */
export const startWorkerProcesses = async (
  count: number,
  env: Readonly<Record<string, string>>,
  queue: Queue,
  timeoutMs = 20_000,
  /** Node's own flags for each process, e.g. `--cpu-prof` (which NODE_OPTIONS does not take). */
  nodeArgs: ReadonlyArray<string> = [],
): Promise<WorkerProcesses> => {
  const before = await queue.getWorkersCount()
  let output = ''
  const children: ChildProcess[] = Array.from({ length: count }, () => {
    const child = spawn(process.execPath, [...nodeArgs, START_WORKER], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const collect = (chunk: Buffer) => {
      output += chunk.toString()
    }
    child.stdout?.on('data', collect)
    child.stderr?.on('data', collect)
    return child
  })
  const exits = children.map((child) => once(child, 'exit'))
  const stop = async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    await Promise.all(exits)
  }
  const deadline = Date.now() + timeoutMs
  while ((await queue.getWorkersCount()) < before + count) {
    if (Date.now() > deadline || children.some((child) => child.exitCode !== null)) {
      await stop()
      throw new Error(`${count} worker processes did not all start within ${timeoutMs} ms:\n${output}`)
    }
    await sleep(100)
  }
  return { pids: children.map((child) => child.pid ?? 0), output: () => output, stop }
}
