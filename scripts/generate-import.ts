import { writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import * as E from 'fp-ts/Either'
import { dateInZone } from '../shared/codecs/iso-date'
import { importFormatOf } from './importer/import-file'
import { generateFile } from './importer/generate-rows'
import { isMain } from './runtime'

const usage = `usage: npm run import:generate -- --out FILE [--rows N] [--invalid-every N] [--format ndjson|csv]

Writes an import file of valid requests for the demo data (org-1, clinic-123), dated from a week ahead.
  --out FILE          where to write it; .csv gives CSV, anything else NDJSON (or say --format)
  --rows N            how many rows (default 100000)
  --invalid-every N   make every Nth row break a rule, to see rejections in the report (default 0: none)`

if (isMain(module)) {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      rows: { type: 'string', default: '100000' },
      'invalid-every': { type: 'string', default: '0' },
      format: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  })
  const rows = Number(values.rows)
  const invalidEvery = Number(values['invalid-every'])
  const format =
    values.out === undefined
      ? undefined
      : importFormatOf(values.out, '', values.format ?? (values.out.toLowerCase().endsWith('.csv') ? 'csv' : 'ndjson'))
  if (
    values.help ||
    format === undefined ||
    E.isLeft(format) ||
    !Number.isInteger(rows) ||
    rows < 1 ||
    !Number.isInteger(invalidEvery) ||
    invalidEvery < 0
  ) {
    const problem = format !== undefined && E.isLeft(format) ? `${format.left}\n\n` : ''
    process.stderr.write(`${problem}${usage}\n`)
    process.exit(values.help ? 0 : 2)
  }
  const out = values.out as string
  const text = generateFile(format.right, { rows, invalidEvery, today: dateInZone(new Date(), 'America/New_York') })
  writeFile(out, text).then(
    () => process.stdout.write(`wrote ${rows} rows to ${out}\n`),
    (error: unknown) => {
      process.stderr.write(`cannot write ${out}: ${error instanceof Error ? error.message : String(error)}\n`)
      process.exit(1)
    },
  )
}
