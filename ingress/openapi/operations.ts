import type { JsonSchema } from '../../shared/schema/schema-notes'
import { successAnswer } from '../http/answers'
import { successEnvelope } from '../http/envelope'
import { OperationOutcome } from '../../shared/fhir/operation-outcome'
import { FHIR_JSON } from '../fhir/fhir-media'
import {
  examplesOf,
  faultResponse,
  faultResponseObject,
  headerRefs,
  sharedResponse,
  sharedResponseObject,
} from './responses'
import type { FhirDoc, ParameterDoc, ResponseDoc, RouteDoc } from './route-doc'
import { schemaOf } from './schemas'

/** `/apis/v1/openings/:id` as OpenAPI writes it: `/apis/v1/openings/{id}`. */
export const openApiPath = (routerPath: string): string => routerPath.replace(/:(\w+)/g, '{$1}')

const withoutDescription = ({ description: _, ...schema }: JsonSchema): JsonSchema => schema

const parameter = (doc: ParameterDoc) => ({
  name: doc.name,
  in: doc.in,
  required: doc.required,
  description: doc.description,
  schema: withoutDescription(schemaOf(doc.codec, { nullable: false })),
})

/** Each field of the query's codec is a parameter, described by what its codec says of it (its refusal among it). */
const queryParameters = (route: RouteDoc) => {
  if (route.query === undefined) return []
  const query = schemaOf(route.query, { nullable: false })
  const required = (query['required'] as string[] | undefined) ?? []
  return Object.entries(query['properties'] as Record<string, JsonSchema>).map(([name, field]) => ({
    name,
    in: 'query',
    required: required.includes(name),
    ...(typeof field['description'] === 'string' ? { description: field['description'] } : {}),
    schema: withoutDescription(field),
  }))
}

const response = (doc: ResponseDoc) => {
  if ('shared' in doc) return sharedResponse(doc.shared)
  const content = {
    ...(doc.data === undefined
      ? {}
      : {
          'application/json': {
            schema: schemaOf(successEnvelope(doc.data.codec)),
            ...examplesOf(doc.data.examples, (value) => successAnswer(200, value).body),
          },
        }),
    ...(doc.json === undefined
      ? {}
      : { 'application/json': { schema: schemaOf(doc.json.codec), ...examplesOf(doc.json.examples) } }),
    ...Object.fromEntries((doc.text ?? []).map((type) => [type, { schema: { type: 'string' } }])),
  }
  return {
    description: doc.description,
    headers: headerRefs(doc.headers ?? []),
    ...(Object.keys(content).length === 0 ? {} : { content }),
  }
}

type Body = NonNullable<RouteDoc['body']>

const fhirMedia = (body: Pick<Body, 'codec' | 'examples'>) => ({
  [FHIR_JSON]: { schema: schemaOf(body.codec), ...examplesOf(body.examples) },
})

/**
 * A response of a route with a FHIR form: its JSON form written out, and beside it, as `application/fhir+json`,
 * the resource a success is in FHIR, or the OperationOutcome a 202 or a refusal is.
 */
const withFhir = (fhir: FhirDoc, status: string, written: object, shared: () => object): object => {
  const whole = ('$ref' in written ? shared() : written) as { readonly content?: object }
  const own = fhir.answers[Number(status)]
  const media =
    own !== undefined
      ? fhirMedia(own)
      : status === 'default' || Number(status) >= 202
        ? fhirMedia({ codec: OperationOutcome })
        : {}
  return { ...whole, content: { ...whole.content, ...media } }
}

/** Statuses only the FHIR form answers (a Slot the service cannot open is R4's 422). */
const fhirOnly = (fhir: FhirDoc | undefined, documented: ReadonlyArray<string>) =>
  Object.entries(fhir?.answers ?? {})
    .filter(([status]) => !documented.includes(status))
    .map(([status, body]) => [status, { description: body.description ?? '', content: fhirMedia(body) }] as const)

/** The answers every route of its kind may give besides its own: a token's, a body's, the envelope's faults. */
const implied = (route: RouteDoc): Readonly<Record<string, ResponseDoc>> => ({
  ...(route.access === 'public' ? {} : { 401: { shared: 'Unauthorized' }, 403: { shared: 'Forbidden' } }),
  ...(route.body === undefined
    ? {}
    : { 400: { shared: 'BadRequest' }, 413: { shared: 'PayloadTooLarge' }, 415: { shared: 'UnsupportedMediaType' } }),
  // Every authenticated route reads PostgreSQL or Redis, and answers 503 while either is out of reach.
  ...(route.access === 'public' ? {} : { 429: { shared: 'TooManyRequests' }, 503: { shared: 'ServiceUnavailable' } }),
})

const isPage = (route: RouteDoc) =>
  Object.values(route.responses).every((doc) => !('shared' in doc) && doc.data === undefined && doc.json === undefined)

/** The operation object of one route: its parameters, body and answers, every schema derived from its codec. */
export const operationOf = (route: RouteDoc) => {
  const answers: Readonly<Record<string, ResponseDoc>> = { ...implied(route), ...route.responses }
  const statuses = Object.keys(answers).sort()
  const fhir = route.fhir
  return {
    operationId: route.operationId,
    tags: [route.tag],
    summary: route.summary,
    description: route.description,
    ...(route.access === 'public' ? { security: [] } : {}),
    parameters: [...(route.parameters ?? []).map(parameter), ...queryParameters(route)],
    ...(route.body === undefined
      ? {}
      : {
          requestBody: {
            required: route.body.required,
            content: {
              'application/json': { schema: schemaOf(route.body.codec), ...examplesOf(route.body.examples) },
              ...(route.fhir?.body === undefined ? {} : fhirMedia(route.fhir.body)),
            },
          },
        }),
    responses: Object.fromEntries(
      [
        ...statuses.map((status) => {
          const doc = answers[status]!
          const written = response(doc)
          const shared = () => ('shared' in doc ? sharedResponseObject(doc.shared) : written)
          return [status, fhir === undefined ? written : withFhir(fhir, status, written, shared)] as const
        }),
        ...fhirOnly(fhir, statuses),
        // A page answers its faults with a page; everything else in the envelope.
        ...(isPage(route)
          ? []
          : [
              [
                'default',
                fhir === undefined
                  ? faultResponse()
                  : withFhir(fhir, 'default', faultResponseObject(), faultResponseObject),
              ] as const,
            ]),
      ].sort(([a], [b]) => (a === 'default' ? 1 : b === 'default' ? -1 : a.localeCompare(b))),
    ),
  }
}
