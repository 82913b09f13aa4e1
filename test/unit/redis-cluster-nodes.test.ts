import { expect } from 'chai'
import * as E from 'fp-ts/Either'
import { decodeConfig } from '../../shared/config/config'

const decoded = (nodes: string) => {
  const result = decodeConfig({ REDIS_CLUSTER_NODES: nodes })
  return E.isRight(result) ? result.right.REDIS_CLUSTER_NODES : result.left
}

const REFUSAL =
  'REDIS_CLUSTER_NODES must be comma-separated host:port seeds (or redis:// or rediss:// URLs with a port, ' +
  'database 0, and one user, password and scheme for all)'

describe('REDIS_CLUSTER_NODES (docs/scaling.md#redis-cluster)', () => {
  it('reads comma-separated host:port seeds, spaces around them allowed', () => {
    expect(decoded('10.0.0.1:7000, 10.0.0.2:7001,redis-3.internal:7002')).to.deep.equal({
      seeds: [
        { host: '10.0.0.1', port: 7000 },
        { host: '10.0.0.2', port: 7001 },
        { host: 'redis-3.internal', port: 7002 },
      ],
      username: undefined,
      password: undefined,
      tls: false,
    })
  })

  it('reads URL seeds for a user, a password and TLS, which every node shares; IPv6 hosts without brackets', () => {
    expect(decoded('rediss://app:p%40ss@[::1]:7000,rediss://app:p%40ss@node-2:7000/0')).to.deep.equal({
      seeds: [
        { host: '::1', port: 7000 },
        { host: 'node-2', port: 7000 },
      ],
      username: 'app',
      password: 'p@ss',
      tls: true,
    })
  })

  for (const nodes of [
    'node-1',
    'node-1:7000,',
    'node-1:port',
    'http://node-1:7000',
    'redis://node-1:7000/3',
    'redis://node-1:7000?db=1',
    'redis://node-1',
    'redis://a:one@node-1:7000,redis://a:two@node-2:7000',
    'redis://node-1:7000,rediss://node-2:7000',
    ' , ',
  ]) {
    it(`refuses ${JSON.stringify(nodes)} without quoting it (a seed may hold a password)`, () => {
      expect(decoded(nodes)).to.equal(REFUSAL)
    })
  }
})
