import { refuse } from '../../shared/errors/refusal'
import { IDEMPOTENCY_KEY_HEADER } from '../../shared/idempotency/idempotency-key'
import { DATE_RANGE_REVERSED } from '../../shared/waitlist-request/messages'
import { FULFILL_FORBIDDEN, REQUEST_NOT_FOUND } from '../../shared/waitlist-request/permissions'
import { IF_MATCH_HEADER, VERSION_REQUIRED } from '../../shared/waitlist-request/expected-version'
import { acceptedAnswer, refusalAnswer, statusAnswer } from '../http/answers'
import { locationOf } from '../routes/waitlist-request-paths'
import type { Examples, SharedHeader, SharedResponse } from './route-doc'

const ref = (kind: 'schemas' | 'responses' | 'headers', name: string) => ({ $ref: `#/components/${kind}/${name}` })

const EXAMPLE_ID = '3f0c2a9e-4f1b-4c55-9d1e-7a0e5b6c8d90'

/** Answer headers, by their names in components.headers and on the wire. */
const HEADERS = {
  Location: {
    name: 'Location',
    header: { description: 'Where what the answer is about is read.', schema: { type: 'string' } },
  },
  ETag: {
    name: 'ETag',
    header: {
      description: 'The waitlist request\'s version, quoted ("3"): send it back as If-Match to change the request.',
      schema: { type: 'string' },
    },
  },
  IdempotentReplayed: {
    name: 'Idempotent-Replayed',
    header: {
      description: `\`true\` when this is the answer to an earlier request with the same ${IDEMPOTENCY_KEY_HEADER}.`,
      schema: { type: 'string', enum: ['true'] },
    },
  },
  RequestId: {
    name: 'X-Request-Id',
    header: {
      description: "This answer's id (yours, if you sent a sane X-Request-Id): quote it when asking about it.",
      schema: { type: 'string' },
    },
  },
  WWWAuthenticate: {
    name: 'WWW-Authenticate',
    header: {
      description: '`Bearer` without a token; `Bearer error="invalid_token"` for a token that is refused.',
      schema: { type: 'string' },
    },
  },
  RetryAfter: {
    name: 'Retry-After',
    header: { description: 'Seconds to wait before trying again.', schema: { type: 'integer', minimum: 0 } },
  },
} as const
type HeaderKey = keyof typeof HEADERS

export const headerRefs = (keys: ReadonlyArray<SharedHeader | HeaderKey>) =>
  Object.fromEntries(['RequestId' as const, ...keys].map((key) => [HEADERS[key].name, ref('headers', key)]))

export const componentHeaders = () =>
  Object.fromEntries(Object.entries(HEADERS).map(([key, { header }]) => [key, header]))

/** Examples as the media type object holds them. */
export const examplesOf = (examples: Examples | undefined, wrap: (value: unknown) => unknown = (value) => value) =>
  examples === undefined
    ? {}
    : {
        examples: Object.fromEntries(
          Object.entries(examples).map(([name, example]) => [
            name,
            { summary: example.summary, value: wrap(example.value) },
          ]),
        ),
      }

const refusal = (description: string, examples: Examples, headers: ReadonlyArray<HeaderKey> = []) => ({
  description,
  headers: headerRefs(headers),
  content: { 'application/json': { schema: ref('schemas', 'ErrorEnvelope'), ...examplesOf(examples) } },
})

/** One example, made by the very function that makes the answer. */
const one = (summary: string, body: unknown, source?: Examples[string]['source']): Examples => ({
  [summary.split(' ')[0]!.toLowerCase()]: { summary, value: body, ...(source === undefined ? {} : { source }) },
})

/** The README's 400. */
export const DATES_SWAPPED = one(
  'Dates swapped',
  refusalAnswer(refuse('invalid')([{ field: 'date_range_end', message: DATE_RANGE_REVERSED }])).body,
  'README.md',
)

const statusConflict = 'waitlist request is CANCELLED: only an ACTIVE request can be changed'

const SHARED: Readonly<Record<SharedResponse, object>> = {
  Accepted: {
    description:
      'Queued, and not finished within JOB_WAIT_TIMEOUT_MS (10 s): the work goes on, and its `Location` tells how it ended.',
    headers: headerRefs(['Location']),
    content: {
      'application/json': {
        schema: ref('schemas', 'AcceptedEnvelope'),
        ...examplesOf(one('Processing', acceptedAnswer(EXAMPLE_ID, locationOf(EXAMPLE_ID), 'the request').body)),
      },
    },
  },
  BadRequest: refusal(
    'A rule broken: `message` is the first failure, naming its field; `errors` lists every one. Also a body that is not valid JSON or not an object.',
    DATES_SWAPPED,
  ),
  Unauthorized: refusal(
    'No valid token: missing, not Bearer, malformed, badly signed, expired, or with claims this service refuses.',
    one(
      'Missing token',
      refusalAnswer(refuse('unauthenticated')([{ field: 'Authorization', message: 'missing bearer token' }])).body,
    ),
    ['WWWAuthenticate'],
  ),
  Forbidden: refusal(
    "The token's role (or a claim it needs) does not allow this.",
    one('Patient fulfilling', refusalAnswer(refuse('forbidden')([{ field: 'role', message: FULFILL_FORBIDDEN }])).body),
  ),
  NotFound: refusal(
    "Nothing the caller may see goes by that id: someone else's is answered exactly as one that does not exist.",
    one('Unknown id', refusalAnswer(refuse('not_found')([{ field: 'id', message: REQUEST_NOT_FOUND }])).body),
  ),
  Conflict: refusal(
    "The stored state stands in the way (it has ended, or changed since the caller's version); `errors` says which.",
    one('Ended', refusalAnswer(refuse('conflict')([{ field: 'status', message: statusConflict }])).body),
  ),
  PayloadTooLarge: refusal(
    'The body is larger than BODY_LIMIT_BYTES (64 KiB by default).',
    one('Too large', statusAnswer(413, 'request body is larger than 65536 bytes').body),
  ),
  UnsupportedMediaType: refusal(
    'A body that is not `application/json` (UTF-8).',
    one('Not JSON', statusAnswer(415, 'Content-Type must be application/json').body),
  ),
  Unprocessable: refusal(
    'The Idempotency-Key was used for a different request, or the request was accepted but could not be stored (send it again as a new request).',
    one(
      'Key reused',
      refusalAnswer(
        refuse('key_reused')([
          {
            field: IDEMPOTENCY_KEY_HEADER,
            message: `${IDEMPOTENCY_KEY_HEADER} has already been used for a different request`,
          },
        ]),
      ).body,
    ),
  ),
  PreconditionRequired: refusal(
    'A change must name the version it was made against: If-Match or a `version` field.',
    one(
      'No version',
      refusalAnswer(refuse('version_required')([{ field: IF_MATCH_HEADER, message: VERSION_REQUIRED }])).body,
    ),
  ),
  TooManyRequests: refusal(
    'Too many requests from this user or address: wait `Retry-After` seconds.',
    one('Limited', statusAnswer(429).body),
    ['RetryAfter'],
  ),
  ServiceUnavailable: refusal(
    'A dependency (Redis, PostgreSQL) did not answer in time: nothing was queued or stored; retry.',
    one('Unavailable', statusAnswer(503, 'service temporarily unavailable, please retry').body),
  ),
}

/** Any other answer (405, 408, 431, a 500 whose details go to the log only) is in the envelope too. */
const FAULT = refusal(
  'Any other refusal or fault, in the same envelope: 405 (method not allowed), 408, 431, 500 (its details go to the log only, never to the answer).',
  one('Fault', statusAnswer(500, 'internal server error').body),
)

export const sharedResponse = (name: SharedResponse) => ref('responses', name)

/** A shared response written out, for a route that says more of it than every route does (its FHIR form). */
export const sharedResponseObject = (name: SharedResponse): object => SHARED[name]

export const faultResponseObject = (): object => FAULT

export const componentResponses = () => ({ ...SHARED, Fault: FAULT })

export const faultResponse = () => ref('responses', 'Fault')
