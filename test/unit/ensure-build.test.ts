import { spawnSync } from 'node:child_process'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { expect } from 'chai'

const SCRIPT = resolve(__dirname, '..', '..', '..', 'scripts', 'ensure-build.sh')

/**
 * scripts/ensure-build.sh run in a project of its own, whose `build` logs each call instead of running tsc
 * and fails while src/broken.ts exists, so what is proved is when the script builds, not what tsc does.
 */
describe('scripts/ensure-build.sh: operator commands build only when dist/ is not current', () => {
  let dir: string
  const path = (name: string) => join(dir, name)
  const ensureBuild = () => spawnSync('bash', [path('scripts/ensure-build.sh')], { cwd: tmpdir(), encoding: 'utf8' })
  const builds = () => (existsSync(path('builds.log')) ? readFileSync(path('builds.log'), 'utf8').length : 0)
  const builtOnce = () => {
    const before = builds()
    expect(ensureBuild().status).to.equal(0)
    expect(builds()).to.equal(before + 1)
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'waitlist-ensure-build-'))
    for (const folder of ['scripts', 'src/nested', 'test']) mkdirSync(path(folder), { recursive: true })
    copyFileSync(SCRIPT, path('scripts/ensure-build.sh'))
    writeFileSync(path('tsconfig.json'), JSON.stringify({ include: ['src', 'test'] }))
    writeFileSync(path('package.json'), JSON.stringify({ private: true, scripts: { build: 'node build.js' } }))
    writeFileSync(
      path('build.js'),
      `const fs = require('fs')
fs.appendFileSync('builds.log', '.')
fs.mkdirSync('dist', { recursive: true })
process.exit(fs.existsSync('src/broken.ts') ? 2 : 0)
`,
    )
    const sources = ['src/a.ts', 'src/nested/b.ts', 'src/data.json', 'test/a.test.ts']
    for (const file of sources) writeFileSync(path(file), '')
    const old = new Date(Date.now() - 120_000)
    for (const entry of [...sources, 'tsconfig.json', 'package.json', 'src/nested', 'src', 'test'])
      utimesSync(path(entry), old, old)
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('builds when dist/ is missing, then not again while nothing changed, printing nothing', () => {
    builtOnce()
    const again = ensureBuild()
    expect([again.status, again.stdout, builds()]).to.deep.equal([0, '', 1])
  })

  it('builds again once a source, a JSON file, a test, tsconfig.json or package.json changes, or a file comes or goes', () => {
    const changes = [
      ['a source file saved', () => utimesSync(path('src/nested/b.ts'), new Date(), new Date())],
      ['a JSON file saved', () => utimesSync(path('src/data.json'), new Date(), new Date())],
      ['a file added', () => writeFileSync(path('src/nested/c.ts'), '')],
      ['a file deleted', () => unlinkSync(path('src/nested/b.ts'))],
      ['a test saved', () => utimesSync(path('test/a.test.ts'), new Date(), new Date())],
      ['tsconfig.json saved', () => utimesSync(path('tsconfig.json'), new Date(), new Date())],
      ['package.json saved', () => utimesSync(path('package.json'), new Date(), new Date())],
    ] as const
    builtOnce()
    for (const [what, change] of changes) {
      change()
      const before = builds()
      expect(ensureBuild().status, what).to.equal(0)
      expect(ensureBuild().status, what).to.equal(0)
      expect(builds(), `${what}: one build`).to.equal(before + 1)
    }
  })

  it('does not trust a build that failed: it fails the command and builds again next time', () => {
    builtOnce()
    writeFileSync(path('src/broken.ts'), '')
    expect(ensureBuild().status).to.not.equal(0)
    expect(ensureBuild().status).to.not.equal(0)
    expect(builds()).to.equal(3)
    unlinkSync(path('src/broken.ts'))
    builtOnce()
    expect(ensureBuild().status).to.equal(0)
    expect(builds()).to.equal(4)
  })
})
