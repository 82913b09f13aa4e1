import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { queueContractSchema } from '../shared/queue/queue-contract-schema'

/**
 * Writes docs/queue-contract.schema.json: the queue's job contract as JSON Schema, derived from the codecs
 * (`npm run docs:queue-schema`, which formats it after). A unit test fails while the file is not what this writes.
 */
const target = resolve(__dirname, '..', '..', 'docs', 'queue-contract.schema.json')
writeFileSync(target, `${JSON.stringify(queueContractSchema(), null, 2)}\n`)
process.stdout.write(`wrote ${target}\n`)
