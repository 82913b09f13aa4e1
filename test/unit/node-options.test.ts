import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { expect } from 'chai'

const repoFile = (name: string) => readFileSync(resolve(__dirname, '..', '..', '..', name), 'utf8')

/** What `pattern` captures on the first line that is not a comment and matches it. */
const setting = (text: string, pattern: RegExp): string | undefined =>
  text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .map((line) => pattern.exec(line)?.[1])
    .find((value) => value !== undefined)

describe('node options of the service processes (docs/benchmarks.md, young generation)', () => {
  it('gives processes npm starts and the image the same options, with the 32 MB young generation', () => {
    const npm = setting(repoFile('.npmrc'), /^node-options=(.*)$/)
    const image = setting(repoFile('Dockerfile'), /^\s*NODE_OPTIONS=(\S+)/)
    expect(npm).to.include('--max-semi-space-size=32')
    expect(image).to.equal(npm)
  })
})
