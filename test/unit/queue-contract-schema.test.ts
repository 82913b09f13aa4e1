import { expect } from 'chai'
import Ajv2020 from 'ajv/dist/2020'
import addFormats from 'ajv-formats'
import { queueContractSchema } from '../../shared/queue/queue-contract-schema'
import { jsonBlocks, repoFile } from '../support/doc-examples'

const schema = queueContractSchema()
const defs = schema['$defs'] as Record<string, unknown>
const jobNames = Object.keys(defs).filter((name) => /^[a-z]+(-[a-z]+)+$/.test(name))

const validator = () => {
  const ajv = new Ajv2020({ strict: true, allErrors: true })
  addFormats(ajv)
  ajv.addSchema(schema)
  return (def: string) => ajv.getSchema(`${String(schema['$id'])}#/$defs/${def}`)!
}

/** What a job's data example is: version 1, and more than a version (a job scheduler's data is only that). */
const isJobData = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && (value as Record<string, unknown>)['version'] === 1

describe('queue contract JSON Schema (docs/queue-contract.schema.json)', () => {
  it('is checked in as the codecs derive it (npm run docs:queue-schema writes it)', () => {
    expect(JSON.parse(repoFile('docs/queue-contract.schema.json'))).to.deep.equal(JSON.parse(JSON.stringify(schema)))
  })

  it('is valid JSON Schema 2020-12, checked strictly, with the data and result of every job', () => {
    const validate = validator()
    expect(jobNames).to.include.members(['create-waitlist-request', 'import-waitlist-requests', 'open-slot'])
    for (const job of jobNames) {
      expect(defs, job).to.have.property(`${job}.result`)
      expect(validate(job), job).to.be.a('function')
    }
  })

  it("takes every job's data example of docs/queue-contract.md and docs/matching.md", () => {
    const validate = validator()
    const examples = [...jsonBlocks('docs/queue-contract.md'), ...jsonBlocks('docs/matching.md')].filter(isJobData)
    expect(examples).to.have.length.greaterThan(5)
    for (const example of examples) {
      const takenBy = jobNames.filter((job) => validate(job)(example) === true)
      expect(takenBy, JSON.stringify(example)).to.not.be.empty
    }
  })

  it('refuses what the worker refuses: no actor, a bad id, a priority of 9, an unknown version', () => {
    const validate = validator()('create-waitlist-request')
    const [example] = jsonBlocks('docs/queue-contract.md').filter(isJobData)
    expect(validate(example)).to.equal(true)
    const body = (example as { body: Record<string, unknown> }).body
    for (const broken of [
      { ...example!, actor: undefined },
      { ...example!, request_id: 'not-a-uuid' },
      { ...example!, body: { ...body, priority: 9 } },
      { ...example!, version: 2 },
    ]) {
      expect(validate(JSON.parse(JSON.stringify(broken))), JSON.stringify(broken)).to.equal(false)
    }
  })
})
