import * as t from 'io-ts'

/** A node of the cluster to start from: ioredis learns the others, and which slots each holds, from it. */
interface ClusterSeed {
  readonly host: string
  readonly port: number
}

/** A Redis Cluster as REDIS_CLUSTER_NODES names it: where to start, and what every node asks of a client. */
export interface RedisCluster {
  readonly seeds: ReadonlyArray<ClusterSeed>
  readonly username: string | undefined
  readonly password: string | undefined
  readonly tls: boolean
}

const MESSAGE =
  'REDIS_CLUSTER_NODES must be comma-separated host:port seeds (or redis:// or rediss:// URLs with a port, ' +
  'database 0, and one user, password and scheme for all)'

/** A seed's URL: `host:port` is a plain `redis://` one. */
const seedUrl = (seed: string): URL | undefined => {
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(seed) ? seed : `redis://${seed}`
  if (!URL.canParse(text)) return undefined
  const url = new URL(text)
  const usable =
    (url.protocol === 'redis:' || url.protocol === 'rediss:') &&
    url.hostname !== '' &&
    url.port !== '' &&
    ['', '/', '/0'].includes(url.pathname) &&
    url.search === '' &&
    url.hash === ''
  return usable ? url : undefined
}

/** What every node shares: one user, password and scheme, as a cluster's nodes all ask the same of a client. */
const accessOf = (url: URL) => JSON.stringify([url.protocol, url.username, url.password])

const clusterOf = (urls: ReadonlyArray<URL>): RedisCluster | undefined => {
  const [first] = urls
  if (first === undefined || urls.some((url) => accessOf(url) !== accessOf(first))) return undefined
  return {
    // IPv6 hosts come bracketed in a URL ([::1]); a socket wants them bare.
    seeds: urls.map((url) => ({ host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: Number(url.port) })),
    username: first.username === '' ? undefined : decodeURIComponent(first.username),
    password: first.password === '' ? undefined : decodeURIComponent(first.password),
    tls: first.protocol === 'rediss:',
  }
}

/**
 * REDIS_CLUSTER_NODES: the seeds of a Redis Cluster. Its refusal never quotes the value, which may hold a password.
 */
export const RedisClusterNodes = new t.Type<RedisCluster, string, unknown>(
  'RedisClusterNodes',
  (u): u is RedisCluster => typeof u === 'object' && u !== null && 'seeds' in u,
  (u, c) => {
    const urls = typeof u === 'string' ? u.split(',').map((seed) => seedUrl(seed.trim())) : []
    const cluster = urls.every((url) => url !== undefined) ? clusterOf(urls) : undefined
    return cluster === undefined ? t.failure(u, c, MESSAGE) : t.success(cluster)
  },
  (cluster) => cluster.seeds.map((seed) => `${seed.host}:${seed.port}`).join(','),
)
