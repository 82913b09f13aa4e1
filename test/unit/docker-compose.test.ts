import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { expect } from 'chai'

const compose = readFileSync(resolve(__dirname, '..', '..', '..', 'docker-compose.yml'), 'utf8')
const lines = compose.split('\n').filter((line) => !line.trimStart().startsWith('#'))

/** Every entry of every `ports:` list, as written. */
const publishedPorts = (): string[] => {
  const ports: string[] = []
  let inPorts = false
  for (const line of lines) {
    const item = /^\s*-\s*(.+)$/.exec(line)?.[1]
    if (inPorts && item !== undefined) ports.push(item.replace(/^'(.*)'$/, '$1'))
    else inPorts = line.trim() === 'ports:'
  }
  return ports
}

describe('docker-compose.yml: safe for trying the service out', () => {
  it('publishes ports on the loopback interface unless BIND_ADDRESS says otherwise', () => {
    const ports = publishedPorts()
    expect(ports).to.have.length.greaterThan(0)
    for (const port of ports) expect(port).to.match(/^(127\.0\.0\.1|\$\{BIND_ADDRESS:-127\.0\.0\.1\}):\d+:\d+$/)
    expect(ports).to.include('${BIND_ADDRESS:-127.0.0.1}:3000:3000')
  })

  for (const name of ['JWT_SECRET', 'OFFER_LINK_SECRET'])
    it(`has no ${name} of its own: the secret comes from the environment or nothing starts`, () => {
      const secrets = lines
        .map((line) => new RegExp(`^\\s*${name}:\\s*(.*)$`).exec(line)?.[1])
        .filter((value) => value !== undefined)
      expect(secrets).to.deep.equal([`\${${name}:-}`])
      expect(compose).to.match(/^\s*NODE_ENV: production$/m)
    })

  it('lets the example Prometheus reach the API and every worker where compose serves their metrics', () => {
    const scrape = readFileSync(resolve(__dirname, '..', '..', '..', 'docs', 'examples', 'prometheus.yml'), 'utf8')
    const workerPort = /^\s*WORKER_METRICS_PORT: '(\d+)'$/m.exec(compose)?.[1]
    expect(workerPort).to.not.equal(undefined)
    expect(scrape).to.match(new RegExp(`names: \\['worker'\\]\\s+type: A\\s+port: ${workerPort}`))
    expect(scrape).to.include("targets: ['ingress:3000']")
    expect(compose).to.match(/^\s*profiles: \['monitoring'\]$/m)
  })
})
