import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020'
import addFormats from 'ajv-formats'
import { openApiDocument } from '../../ingress/openapi/openapi-document'

type OpenApiDocument = ReturnType<typeof openApiDocument>
type Json = Record<string, unknown>

interface MediaType {
  readonly schema?: Json
  readonly examples?: Record<string, { readonly summary: string; readonly value: unknown }>
}

/** A place in the document that holds a schema, and the examples shown with it. */
export interface SchemaSite {
  readonly where: string
  readonly media: MediaType
}

const asJson = (value: unknown): Json => value as Json

/** A `$ref` to components.responses followed to the response it names. */
const resolved = (document: OpenApiDocument, response: Json): Json => {
  const ref = response['$ref']
  if (typeof ref !== 'string') return response
  return asJson(asJson(document.components.responses)[ref.replace('#/components/responses/', '')])
}

const operations = (document: OpenApiDocument) =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(asJson(item)).map(([method, operation]) => ({ path, method, operation: asJson(operation) })),
  )

/** Every media type of every request body and answer, and every parameter, as places a schema is given. */
export const schemaSites = (document: OpenApiDocument): SchemaSite[] =>
  operations(document).flatMap(({ path, method, operation }) => {
    const at = `${method.toUpperCase()} ${path}`
    const contents = (what: string, holder: Json | undefined) =>
      Object.entries(asJson(holder?.['content'] ?? {})).map(([type, media]) => ({
        where: `${at} ${what} ${type}`,
        media: media as MediaType,
      }))
    const requestBody = operation['requestBody'] as Json | undefined
    const responses = Object.entries(asJson(operation['responses'])).flatMap(([status, response]) =>
      contents(`answer ${status}`, resolved(document, asJson(response))),
    )
    const parameters = ((operation['parameters'] as Json[] | undefined) ?? []).map((parameter) => ({
      where: `${at} parameter ${String(parameter['name'])}`,
      media: { schema: parameter['schema'] as Json },
    }))
    return [...contents('body', requestBody), ...responses, ...parameters]
  })

/**
 * A strict JSON Schema 2020-12 validator (formats checked too) that compiles a schema of the document with the
 * document's components beside it, so its `$ref`s resolve as they do in the document.
 */
export const schemaValidator = (document: OpenApiDocument) => {
  const ajv = new Ajv2020({ strict: true, allErrors: true })
  addFormats(ajv)
  ajv.addKeyword({ keyword: 'components' })
  const compiled = new Map<Json, ValidateFunction>()
  return (schema: Json): ValidateFunction => {
    const known = compiled.get(schema)
    if (known !== undefined) return known
    const validate = ajv.compile({ ...schema, components: { schemas: document.components.schemas } })
    compiled.set(schema, validate)
    return validate
  }
}

/** The JSON schema the document gives for an answer of `method path` with `status` (or its default). */
export const answerSchema = (
  document: OpenApiDocument,
  method: string,
  path: string,
  status: number,
): Json | undefined => {
  const operation = asJson(asJson(asJson(document.paths)[path])[method.toLowerCase()])
  const responses = asJson(operation['responses'])
  const response = responses[String(status)] ?? responses['default']
  if (response === undefined) return undefined
  const media = asJson(resolved(document, asJson(response))['content'] ?? {})['application/json'] as
    MediaType | undefined
  return media?.schema
}
