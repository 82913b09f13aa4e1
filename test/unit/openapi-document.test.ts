import { isDeepStrictEqual } from 'node:util'
import { expect } from 'chai'
import * as E from 'fp-ts/Either'
import { Validator } from '@seriousme/openapi-schema-validator'
import { DOCUMENTED_ROUTES, openApiDocument } from '../../ingress/openapi/openapi-document'
import type { DocFile, Examples } from '../../ingress/openapi/route-doc'
import { DATES_SWAPPED } from '../../ingress/openapi/responses'
import { schemaSites, schemaValidator } from '../support/openapi'
import { jsonBlocks, partsOf } from '../support/doc-examples'
import { expectValidFhir } from '../support/fhir-schema'

const document = openApiDocument()

/** Every JSON value a file shows, and every part of each. */
const shownIn = (file: DocFile): unknown[] => jsonBlocks(file).flatMap(partsOf)

const examplesOf = (examples: Examples | undefined) => Object.entries(examples ?? {})

describe('OpenAPI document (GET /apis/v1/openapi.json)', () => {
  it('is valid OpenAPI 3.1, by the OpenAPI schemas', async () => {
    const validator = new Validator()
    const result = await validator.validate(structuredClone(document))
    expect(result, JSON.stringify(result.errors, null, 2)).to.deep.equal({ valid: true })
    expect(validator.version).to.equal('3.1')
  })

  it('holds only schemas that are valid JSON Schema 2020-12, checked strictly, and examples that match them', () => {
    const validate = schemaValidator(document)
    for (const [name, schema] of Object.entries(document.components.schemas)) {
      expect(() => validate(schema), `components.schemas.${name}`).not.to.throw()
    }
    const sites = schemaSites(document)
    expect(sites.filter((site) => site.media.examples !== undefined)).to.have.length.greaterThan(20)
    for (const { where, media } of sites) {
      if (media.schema === undefined) continue
      const check = validate(media.schema)
      for (const [name, example] of Object.entries(media.examples ?? {})) {
        expect(check(example.value), `${where}, example ${name}: ${JSON.stringify(check.errors)}`).to.equal(true)
      }
    }
  })

  it('shows examples the codecs take: each body decodes, each answer is what its codec describes', () => {
    for (const route of DOCUMENTED_ROUTES) {
      for (const [name, example] of examplesOf(route.body?.examples)) {
        const decoded = route.body!.codec.decode(example.value)
        expect(E.isRight(decoded), `${route.operationId} body example ${name}`).to.equal(true)
      }
      for (const body of [route.fhir?.body, ...Object.values(route.fhir?.answers ?? {})]) {
        for (const [name, example] of examplesOf(body?.examples)) {
          expect(E.isRight(body!.codec.decode(example.value)), `${route.operationId} FHIR example ${name}`).to.equal(
            true,
          )
        }
      }
      for (const [status, answer] of Object.entries(route.responses)) {
        if (!('data' in answer) || answer.data === undefined) continue
        for (const [name, example] of examplesOf(answer.data.examples)) {
          const decoded = answer.data.codec.decode(example.value)
          expect(E.isRight(decoded), `${route.operationId} ${status} example ${name}`).to.equal(true)
        }
      }
    }
  })

  it("shows the docs' own examples as the docs show them", () => {
    const sourced = [
      ...DOCUMENTED_ROUTES.flatMap(routeExamples),
      ...sourcedExamples('BadRequest', examplesOf(DATES_SWAPPED)),
    ]
    expect(sourced.map(([, source]) => source)).to.include.members([
      'docs/api.md',
      'docs/queue-contract.md',
      'README.md',
    ])
    for (const [name, source, value] of sourced) {
      expect(
        shownIn(source).some((shown) => isDeepStrictEqual(shown, value)),
        `example ${name} is not shown in ${source}`,
      ).to.equal(true)
    }
  })

  it('shows FHIR examples that are valid R4 by HL7’s JSON schema, as application/fhir+json', () => {
    const fhir = schemaSites(document).filter((site) => site.where.endsWith('application/fhir+json'))
    expect(fhir.map((site) => site.where)).to.include.members([
      'GET /apis/v1/waitlist-requests/{id} answer 200 application/fhir+json',
      'GET /apis/v1/waitlist-requests answer 200 application/fhir+json',
      'POST /apis/v1/openings body application/fhir+json',
      'POST /apis/v1/openings answer 201 application/fhir+json',
      'POST /apis/v1/openings answer 422 application/fhir+json',
      'POST /apis/v1/openings answer 403 application/fhir+json',
    ])
    const examples = fhir.flatMap((site) => Object.entries(site.media.examples ?? {}))
    expect(examples).to.have.length.greaterThan(4)
    for (const [name, example] of examples) expectValidFhir(example.value, `example ${name}`)
  })

  it('names every operation once', () => {
    const ids = DOCUMENTED_ROUTES.map((route) => route.operationId)
    expect(new Set(ids).size).to.equal(ids.length)
  })
})

/** The examples that say where the docs show them too. */
function sourcedExamples(
  where: string,
  examples: Array<[string, Examples[string]]>,
): Array<readonly [string, DocFile, unknown]> {
  return examples.flatMap(([name, example]) =>
    example.source === undefined ? [] : [[`${where}/${name}`, example.source, example.value] as const],
  )
}

function routeExamples(route: (typeof DOCUMENTED_ROUTES)[number]) {
  const answers = Object.values(route.responses).flatMap((answer) => ('data' in answer ? [answer.data] : []))
  const fhir = [route.fhir?.body, ...Object.values(route.fhir?.answers ?? {})]
  return sourcedExamples(
    route.operationId,
    [route.body, ...answers, ...fhir].flatMap((body) => examplesOf(body?.examples)),
  )
}
