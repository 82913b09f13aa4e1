import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

export const repoFile = (name: string) => readFileSync(resolve(__dirname, '..', '..', '..', name), 'utf8')

const parsed = (text: string): unknown[] => {
  try {
    return [JSON.parse(text) as unknown]
  } catch {
    return []
  }
}

/**
 * The JSON values a Markdown file shows in its ```json blocks: a block holds one value, or one per line; sketches
 * with `…` in them are not JSON and are skipped.
 */
export const jsonBlocks = (file: string): unknown[] =>
  [...repoFile(file).matchAll(/```json\n([\s\S]*?)```/g)].flatMap(([, block]) => {
    const whole = parsed(block!)
    return whole.length > 0 ? whole : block!.split('\n').flatMap(parsed)
  })

/** A value and every value inside it. */
export const partsOf = (value: unknown): unknown[] =>
  typeof value === 'object' && value !== null ? [value, ...Object.values(value).flatMap(partsOf)] : [value]

/**
 * What the HTML comment above a ```sh block says of it (README.md, "Tests"): the HTTP statuses its curls answer, in
 * order (`no HTTP` for none), and optionally a text its output holds; or that it is skipped, and why.
 */
export type ExampleMarker =
  | { readonly run: true; readonly statuses: readonly number[]; readonly prints: string | undefined }
  | { readonly run: false; readonly reason: string }

export interface ShellExample {
  readonly file: string
  /** The line of the block's first command, counted from 1. */
  readonly line: number
  readonly code: string
  /** The marker, or what is wrong with it. */
  readonly marker: ExampleMarker | string
}

const MARKER = /^<!-- example-test: (.*) -->$/
const RUN = /^(no HTTP|\d{3}(?: \d{3})*)(?:, prints "([^"]+)")?$/
const SKIP = /^skipped, (.+)$/

const markerOf = (previous: string | undefined): ExampleMarker | string => {
  const text = previous === undefined ? undefined : MARKER.exec(previous)?.[1]
  if (text === undefined) return 'no <!-- example-test: … --> comment above it'
  const skip = SKIP.exec(text)
  if (skip !== null) return { run: false, reason: skip[1]! }
  const run = RUN.exec(text)
  if (run === null)
    return `"${text}" is neither statuses ("201 200", "no HTTP"), with an optional ', prints "…"', nor "skipped, why"`
  const statuses = run[1] === 'no HTTP' ? [] : run[1]!.split(' ').map(Number)
  return { run: true, statuses, prints: run[2] }
}

/**
 * Every shell block (```sh, or ```bash or ```shell, so none slips by) of a Markdown file, in order, with the marker
 * above it (the nearest line that is not blank).
 */
export const shellExamples = (file: string): ShellExample[] => {
  const lines = repoFile(file).split('\n')
  const examples: ShellExample[] = []
  for (let index = 0; index < lines.length; index += 1) {
    if (!/^```(sh|bash|shell)$/.test(lines[index]!)) continue
    const end = lines.indexOf('```', index + 1)
    const previous = lines
      .slice(0, index)
      .reverse()
      .find((line) => line.trim() !== '')
    examples.push({
      file,
      line: index + 2,
      code: lines.slice(index + 1, end).join('\n'),
      marker: markerOf(previous),
    })
    index = end
  }
  return examples
}
