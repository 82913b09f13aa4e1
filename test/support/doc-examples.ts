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
