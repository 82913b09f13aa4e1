import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import * as E from 'fp-ts/Either'
import type { Config } from '../shared/config/config'
import { openDatabase } from '../worker/db/connection'
import { seedReferenceData, type SeedCounts } from '../worker/seed/seed-reference-data'
import { isMain, loadConfig } from './runtime'

/** The bundled demo data, built around the API page's example. */
export const DEMO_DATA_FILE = resolve(__dirname, '..', '..', 'worker', 'seed', 'demo-data.json')

export const seedFromFile = async (config: Config, path: string): Promise<E.Either<string, SeedCounts>> => {
  let input: unknown
  try {
    input = JSON.parse(await readFile(path, 'utf8'))
  } catch (error) {
    return E.left(`${path}: ${error instanceof SyntaxError ? 'not valid JSON' : 'cannot be read'}`)
  }
  const db = openDatabase(config.DATABASE_URL, { poolMax: 2 })
  try {
    const result = await seedReferenceData(db, input)
    return E.mapLeft((errors: ReadonlyArray<{ message: string }>) =>
      [`${path} was refused, nothing was loaded:`, ...errors.map((error) => `  - ${error.message}`)].join('\n'),
    )(result)
  } finally {
    await db.sequelize.close()
  }
}

if (isMain(module)) {
  const path = process.argv[2] ?? DEMO_DATA_FILE
  seedFromFile(loadConfig(), path).then(
    (result) => {
      if (E.isLeft(result)) {
        process.stderr.write(`${result.left}\n`)
        process.exit(1)
      }
      process.stdout.write(`loaded ${path}: ${JSON.stringify(result.right)}\n`)
    },
    (error: unknown) => {
      process.stderr.write(`seeding failed: ${error instanceof Error ? error.message : String(error)}\n`)
      process.exit(1)
    },
  )
}
