import type { Context } from 'koa'

/** FHIR's JSON media type; answers name the FHIR version too. */
export const FHIR_JSON = 'application/fhir+json'
const FHIR_R4_JSON = `${FHIR_JSON}; fhirVersion=4.0`

/**
 * Whether the client prefers FHIR to our JSON: `Accept: application/fhir+json` (with `fhirVersion=4.0` or none),
 * ranked above `application/json`. An Accept of any type, or none, gets the JSON it always got.
 */
export const asksForFhir = (ctx: Context): boolean =>
  String(ctx.accepts('application/json', FHIR_JSON, FHIR_R4_JSON) || '').startsWith(FHIR_JSON)

/** Whether the body sent is FHIR: `Content-Type: application/fhir+json`. */
export const sendsFhir = (ctx: Context): boolean => typeof ctx.is(FHIR_JSON) === 'string'

/** Answers a FHIR resource (a document of ours, or an OperationOutcome) with FHIR's media type. */
export const answerFhir = (ctx: Context, status: number, resource: unknown): void => {
  ctx.status = status
  ctx.body = resource
  ctx.type = FHIR_R4_JSON
}
