import * as t from 'io-ts'
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import { sequenceS } from 'fp-ts/Apply'
import { RequestVersion } from '../codecs/request-version'
import { withDefault } from '../codecs/optional'
import { withMessage } from '../codecs/with-message'
import { decodeWithFieldErrors, fail, validation, type Validation } from '../errors/field-error'

export const IF_MATCH_HEADER = 'If-Match'

/** The ETag of a stored request: its version, quoted as RFC 9110 wants. */
export const etagOf = (version: RequestVersion): string => `"${version}"`

const entityTag = /^(?:W\/)?"(\d{1,15})"$/

/**
 * What the caller said about the version they changed: a version, `any`
 * (If-Match: *, a deliberate "whatever it is now"), or `null`, nothing at all.
 */
export type ExpectedVersion = RequestVersion | 'any' | null

/** `"3"` (or weak `W/"3"`) names version 3; `*` any version; no header, nothing. */
const fromIfMatch = (header: string | undefined): Validation<ExpectedVersion> => {
  const value = header?.trim() ?? ''
  if (value === '') return E.right(null)
  if (value === '*') return E.right('any')
  const version = Number(entityTag.exec(value)?.[1])
  return RequestVersion.is(version)
    ? E.right(version)
    : fail(IF_MATCH_HEADER, `${IF_MATCH_HEADER} must be the ETag of the waitlist request, like "3"`)
}

/** The version a write's body may name instead of If-Match, beside its own fields, for clients that cannot set headers. */
export const BodyVersion = t.partial({
  version: withMessage(withDefault(RequestVersion, null), () => 'version must be a positive integer'),
})

const fromBody = (version: unknown): Validation<RequestVersion | null> =>
  pipe(
    decodeWithFieldErrors(BodyVersion)({ version }),
    E.map((body) => body.version ?? null),
  )

/**
 * The version a write was made against, from the If-Match header or a body
 * `version` (for clients that cannot set headers); both may be given only when
 * they agree. `null`: the caller named none.
 */
export const expectedVersion = (input: {
  readonly ifMatch: string | undefined
  readonly bodyVersion: unknown
}): Validation<ExpectedVersion> =>
  pipe(
    sequenceS(validation)({ header: fromIfMatch(input.ifMatch), body: fromBody(input.bodyVersion) }),
    E.chain(({ header, body }) =>
      header !== null && header !== 'any' && body !== null && header !== body
        ? fail('version', `version ${body} disagrees with ${IF_MATCH_HEADER} ${etagOf(header)}`)
        : E.right(body ?? header),
    ),
  )

/** PATCH replaces what the client saw, so it must say which version it saw (428 otherwise). */
export const VERSION_REQUIRED = `${IF_MATCH_HEADER} header (or a version field) is required: read the waitlist request and send its ETag`

/** The version a job checks against: `null` when the caller named none or accepted any. */
export const versionToCheck = (expected: ExpectedVersion): RequestVersion | null =>
  expected === 'any' ? null : expected
