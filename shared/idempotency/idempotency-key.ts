import * as t from 'io-ts'
import * as E from 'fp-ts/Either'
import { stringify } from 'safe-stable-stringify'
import type { Actor } from '../auth/actor'
import { RequestId } from '../codecs/request-id'
import { fail, type Validation } from '../errors/field-error'

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key'
const IDEMPOTENCY_KEY_MAX_LENGTH = 255
/** Keys are remembered at least this long after their last use. */
export const IDEMPOTENCY_KEY_TTL_SECONDS = 24 * 60 * 60

/**
 * The header of the IETF draft "The Idempotency-Key HTTP Header Field" is a
 * structured-field string (`"8e03…"`); bare tokens are taken too, as clients
 * often send them unquoted.
 */
export const parseIdempotencyKey = (header: string | undefined): Validation<string | undefined> => {
  if (header === undefined || header === '') return E.right(undefined)
  const quoted = /^"(.*)"$/.exec(header.trim())
  const key = quoted === null ? header.trim() : (quoted[1] ?? '')
  return key.length > 0 && key.length <= IDEMPOTENCY_KEY_MAX_LENGTH && /^[\x20-\x7e]+$/.test(key) && !/["\\]/.test(key)
    ? E.right(key)
    : fail(
        IDEMPOTENCY_KEY_HEADER,
        `${IDEMPOTENCY_KEY_HEADER} must be 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} visible ASCII characters`,
      )
}

/** JSON with object keys sorted at every depth, so two spellings of one request have one fingerprint. */
export const canonicalJson = (value: object): string => stringify(value)

/**
 * Whose keys these are: the whole identity (role, organization or patient, and subject), so one subject id
 * issued in two organizations, or to a patient and a staff member, never shares a key and never replays the
 * other's answer.
 */
export const idempotencyScope = (actor: Actor): string =>
  canonicalJson(
    actor.role === 'USER'
      ? { role: actor.role, patient_id: actor.patient_id, sub: actor.sub }
      : { role: actor.role, org_id: actor.org_id, sub: actor.sub },
  )

/** A finished answer, kept to be replayed to a retry with the same key. */
export const StoredAnswer = t.type({
  status: t.number,
  body: t.unknown,
  location: t.union([t.string, t.null]),
})
export type StoredAnswer = t.TypeOf<typeof StoredAnswer>

/** What is kept per (user, key): the request it stands for and, once finished, the answer. */
export const IdempotencyRecord = t.type({
  fingerprint: t.string,
  request_id: RequestId,
  answer: t.union([StoredAnswer, t.null]),
})
export type IdempotencyRecord = t.TypeOf<typeof IdempotencyRecord>
