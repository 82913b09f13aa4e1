import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { eventually } from './eventually'
import { freePort } from './free-port'

export interface PrivateRedis {
  readonly url: string
  /** SIGKILL: no goodbye, as in a crash. */
  readonly kill: () => Promise<void>
  /** Starts it again on the same port and data directory (its append-only file brings the data back). */
  readonly restart: () => Promise<void>
  /** Running and answering again, whatever a test (or a failed one) did to it. */
  readonly heal: () => Promise<void>
  /** SIGSTOP / SIGCONT: the socket stays open but nothing answers. */
  readonly pause: () => void
  readonly resume: () => void
  readonly stop: () => Promise<void>
}

/** Whether a redis-server answers PING on this local port (once, without retrying). */
export const redisAnswers = async (port: number): Promise<boolean> => {
  const client = new Redis({
    port,
    host: '127.0.0.1',
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  })
  // A refused connection is the answer, not an error to print.
  client.on('error', () => undefined)
  try {
    await client.connect()
    return (await client.ping()) === 'PONG'
  } catch {
    return false
  } finally {
    client.disconnect()
  }
}

/**
 * A redis-server of the test's own, on a spare port with its own data
 * directory, persisted as production requires (AOF, fsync always,
 * noeviction), so a test may kill, pause or restart it without touching the
 * shared one.
 */
export const startPrivateRedis = async (): Promise<PrivateRedis> => {
  const port = await freePort()
  const dir = await mkdtemp(join(tmpdir(), 'waitlist-redis-'))
  let server: ChildProcess | undefined
  const launch = async () => {
    server = spawn(
      'redis-server',
      // On the command line, not CONFIG SET: a restart must come back with the same settings.
      [
        ...['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''],
        ...['--appendonly', 'yes', '--appendfsync', 'always', '--maxmemory-policy', 'noeviction'],
      ],
      { stdio: 'ignore' },
    )
    await eventually(
      () => redisAnswers(port),
      5_000,
      () => `private redis-server did not start on port ${port}`,
    )
  }
  const kill = async () => {
    const current = server
    if (current === undefined || current.exitCode !== null) return
    const gone = new Promise((resolve) => current.once('exit', resolve))
    current.kill('SIGCONT')
    current.kill('SIGKILL')
    await gone
  }
  await launch()
  return {
    url: `redis://127.0.0.1:${port}/0`,
    kill,
    restart: launch,
    heal: async () => {
      server?.kill('SIGCONT')
      if (server === undefined || server.exitCode !== null || server.signalCode !== null) await launch()
    },
    pause: () => server?.kill('SIGSTOP'),
    resume: () => server?.kill('SIGCONT'),
    stop: async () => {
      await kill()
      await rm(dir, { recursive: true, force: true })
    },
  }
}
