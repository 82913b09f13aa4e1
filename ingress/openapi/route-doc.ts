import type * as t from 'io-ts'

/** The files whose examples the document shows; a test holds each example and its copy in the file the same. */
export type DocFile = 'README.md' | 'docs/api.md' | 'docs/queue-contract.md' | 'docs/fhir.md'

interface Example {
  readonly summary: string
  readonly value: unknown
  /** Where the value is shown too (whole, or as a part of a larger example). */
  readonly source?: DocFile
}
export type Examples = Readonly<Record<string, Example>>

/** A JSON body: its codec, whose schema is derived, and examples of it. */
interface Body {
  readonly codec: t.Any
  readonly examples?: Examples
}

/** The refusals and faults every route may meet, each written once under components.responses. */
export type SharedResponse =
  | 'Accepted'
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'Conflict'
  | 'PayloadTooLarge'
  | 'UnsupportedMediaType'
  | 'Unprocessable'
  | 'PreconditionRequired'
  | 'TooManyRequests'
  | 'ServiceUnavailable'

/** A header an answer carries, each written once under components.headers. */
export type SharedHeader = 'Location' | 'ETag' | 'IdempotentReplayed'

export type ResponseDoc =
  | { readonly shared: SharedResponse }
  | {
      readonly description: string
      /** The `data` of the success envelope. */
      readonly data?: Body
      /** JSON outside the envelope (this document). */
      readonly json?: Body
      /** Text of these media types: a page, a style sheet, a script. */
      readonly text?: ReadonlyArray<string>
      readonly headers?: ReadonlyArray<SharedHeader>
    }

/**
 * The FHIR R4 form of a route (docs/fhir.md): the resource its body may be, and the resource each success answers
 * instead of the envelope, as `application/fhir+json`. Its refusals are OperationOutcomes then, written beside the
 * envelope of every refusal the route documents; a status only FHIR answers is one of `answers`.
 */
export interface FhirDoc {
  readonly body?: Body
  readonly answers: Readonly<Record<number, Body & { readonly description?: string }>>
}

export interface ParameterDoc {
  readonly name: string
  readonly in: 'path' | 'query' | 'header'
  readonly codec: t.Any
  readonly required: boolean
  readonly description: string
}

/**
 * What a route of the router does, for the OpenAPI document: everything but its schemas, which come from the
 * codecs named here. `ingress/openapi/openapi-document.ts` writes these out; a test holds them and the router's
 * routes the same.
 */
export interface RouteDoc {
  readonly method: 'get' | 'post' | 'patch'
  /** The path as the router has it (`/apis/v1/openings/:id`). */
  readonly path: string
  readonly operationId: string
  readonly tag: string
  readonly summary: string
  readonly description: string
  /** Who may call it: anyone, anyone with a valid token, or staff only (a patient's token is a 403). */
  readonly access: 'public' | 'token' | 'staff'
  readonly parameters?: ReadonlyArray<ParameterDoc>
  /** An object codec whose fields are the query's parameters. */
  readonly query?: t.Any
  readonly body?: Body & { readonly required: boolean }
  readonly responses: Readonly<Record<number, ResponseDoc>>
  readonly fhir?: FhirDoc
}

/** The `id` in a path: an id that cannot name anything is answered as an unknown one (404), never a 400. */
export const idParameter = (codec: t.Any, what: string): ParameterDoc => ({
  name: 'id',
  in: 'path',
  codec,
  required: true,
  description: `The ${what}'s id. One that is not a lower-case UUID is answered as an unknown one: 404.`,
})
