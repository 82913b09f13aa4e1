import { setTimeout as sleep } from 'node:timers/promises'
import { execFile } from 'node:child_process'
import { chown, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { freePort } from './free-port'

const run = promisify(execFile)

export interface PrivatePostgres {
  /** The maintenance database's address; a database of the caller's is made with `ensureDatabase`. */
  readonly urlFor: (database: string) => string
  readonly port: number
  /** An immediate shutdown (every backend killed, no checkpoint: a crash as far as clients see), then a start. */
  readonly restart: (downMs?: number) => Promise<void>
  readonly stop: () => Promise<void>
}

/** PostgreSQL refuses to run as root: as root, its tools run as the `postgres` user. */
const asServerUser = (command: string, args: ReadonlyArray<string>): [string, string[]] =>
  process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, [...args]]

const tool = async (name: string, args: ReadonlyArray<string>): Promise<void> => {
  const { stdout } = await run('pg_config', ['--bindir'])
  const [command, argv] = asServerUser(join(stdout.trim(), name), args)
  await run(command, argv)
}

/**
 * A PostgreSQL cluster of the caller's own (initdb into a temporary folder, a spare port, trust for local
 * connections), so a test may crash and restart it without touching the shared server. `fsync` is off: the faults
 * here kill processes, not the machine, and what PostgreSQL wrote survives in the page cache.
 */
export const startPrivatePostgres = async (): Promise<PrivatePostgres> => {
  const port = await freePort()
  const dir = await mkdtemp(join(tmpdir(), 'waitlist-postgres-'))
  if (process.getuid?.() === 0) await chown(dir, ...(await serverUser()))
  const data = join(dir, 'data')
  await tool('initdb', ['-D', data, '--auth=trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync', '--no-instructions'])
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c max_connections=200',
  ].join(' ')
  const start = () => tool('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'server.log'), '-w', 'start'])
  const stopNow = () => tool('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'])
  await start()
  return {
    port,
    urlFor: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    restart: async (downMs = 0) => {
      await stopNow()
      await sleep(downMs)
      await start()
    },
    stop: async () => {
      await stopNow().catch(() => undefined)
      await rm(dir, { recursive: true, force: true })
    },
  }
}

const serverUser = async (): Promise<[number, number]> => {
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])])
  return [Number(uid.stdout), Number(gid.stdout)]
}
