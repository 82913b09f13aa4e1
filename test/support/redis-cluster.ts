import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { Redis } from 'ioredis'
import { eventually } from './eventually'
import { freePort } from './free-port'
import { redisAnswers } from './private-redis'

export interface LocalRedisCluster {
  /** REDIS_CLUSTER_NODES for the service: every master, `host:port`, comma-separated. */
  readonly seeds: string
  readonly ports: ReadonlyArray<number>
  /** Stops every node and removes their files. */
  readonly stop: () => Promise<void>
}

/** `count` distinct ports nobody listens on now. */
const freePorts = async (count: number): Promise<number[]> => {
  const ports = new Set<number>()
  while (ports.size < count) ports.add(await freePort())
  return [...ports]
}

const clusterIsOk = async (port: number): Promise<boolean> => {
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null })
  client.on('error', () => undefined)
  try {
    await client.connect()
    return /^cluster_state:ok\r?$/m.test(String(await client.cluster('INFO')))
  } catch {
    return false
  } finally {
    client.disconnect()
  }
}

/**
 * A Redis Cluster of the test's own: `masters` redis-servers with cluster mode on, no replicas and no persistence,
 * on spare ports (and spare cluster-bus ports, so no port + 10,000 is needed) with their files in a temporary
 * directory; joined by `redis-cli --cluster create`, as an operator would, and ready once every node says so. The
 * shared Redis is never touched.
 */
export const startRedisCluster = async (masters = 3): Promise<LocalRedisCluster> => {
  const dir = await mkdtemp(join(tmpdir(), 'waitlist-redis-cluster-'))
  const allPorts = await freePorts(masters * 2)
  const ports = allPorts.slice(0, masters)
  const servers: ChildProcess[] = ports.map((port, index) =>
    spawn(
      'redis-server',
      [
        ...['--port', String(port), '--bind', '127.0.0.1', '--dir', dir],
        ...['--cluster-enabled', 'yes', '--cluster-port', String(allPorts[masters + index])],
        ...['--cluster-config-file', `nodes-${port}.conf`, '--appendonly', 'no', '--save', ''],
        ...['--maxmemory-policy', 'noeviction'],
      ],
      { stdio: 'ignore' },
    ),
  )
  const stop = async () => {
    await Promise.all(
      servers.map(async (server) => {
        if (server.exitCode !== null || server.signalCode !== null) return
        const exited = once(server, 'exit')
        server.kill('SIGKILL')
        await exited
      }),
    )
    await rm(dir, { recursive: true, force: true })
  }
  try {
    for (const port of ports) {
      await eventually(
        () => redisAnswers(port),
        5_000,
        () => `cluster node did not start on port ${port}`,
      )
    }
    const nodes = ports.map((port) => `127.0.0.1:${port}`)
    await promisify(execFile)('redis-cli', [
      '--cluster',
      'create',
      ...nodes,
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ])
    for (const port of ports) {
      await eventually(
        () => clusterIsOk(port),
        10_000,
        () => `cluster node on port ${port} never reported cluster_state:ok`,
      )
    }
    return { seeds: nodes.join(','), ports, stop }
  } catch (error) {
    await stop()
    throw error
  }
}
