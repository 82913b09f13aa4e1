import * as t from 'io-ts'
import * as E from 'fp-ts/Either'
import * as O from 'fp-ts/Option'
import * as S from 'fp-ts/string'
import { pipe } from 'fp-ts/function'
import type { Identifier } from '../codecs/identifier'
import { integerFromQuery, keysetCursor } from '../codecs/keyset-cursor'
import { optional, withDefault } from '../codecs/optional'
import { Timestamp } from '../codecs/timestamp'
import { withMessage } from '../codecs/with-message'
import { fail, type Validation } from '../errors/field-error'
import { LIST_LIMIT_DEFAULT, LIST_LIMIT_MAX, idFilter } from '../waitlist-request/list-query'
import { OpeningId } from './opening-id'
import { OpeningPayload, OpeningStatus } from './opening-payload'

const OPENING_STATUSES = Object.keys(OpeningStatus.keys).join(', ')

/** Where a page of openings ended: the start and id of its last, the order being soonest first. */
const OpeningPosition = t.type({ key: t.tuple([Timestamp, OpeningId]) })
type OpeningPosition = t.TypeOf<typeof OpeningPosition>

export const OpeningCursor = keysetCursor('OpeningCursor', OpeningPosition, ['key'])

/**
 * The query of `GET /apis/v1/openings`, judged like the request list's: an
 * unknown value is a 400 naming it. Openings come soonest first.
 */
export const OpeningListQuery = t.type({
  clinic_id: idFilter('clinic_id', 'a clinic id'),
  status: withMessage(withDefault(OpeningStatus, 'OPEN' as const), () => `status must be one of ${OPENING_STATUSES}`),
  limit: withMessage(
    withDefault(integerFromQuery(1, LIST_LIMIT_MAX), LIST_LIMIT_DEFAULT),
    () => `limit must be an integer from 1 to ${LIST_LIMIT_MAX}`,
  ),
  cursor: withMessage(optional(OpeningCursor), () => 'cursor is not one this service issued: start again without it'),
})
export type OpeningListQuery = t.TypeOf<typeof OpeningListQuery>

export const OpeningListPage = t.type({
  items: t.array(OpeningPayload),
  /** Pass it as `cursor` for the next page; null on the last page. */
  next_cursor: t.union([t.string, t.null]),
})
export type OpeningListPage = t.TypeOf<typeof OpeningListPage>

/** A list query made safe to run: always inside the caller's organization. */
export interface OpeningListFilter {
  readonly organization_id: string
  readonly clinic_id: Identifier | undefined
  readonly status: OpeningPayload['status']
  readonly limit: number
  readonly after: OpeningPosition | undefined
}

/**
 * Staff list their own organization's openings; a clinic of another
 * organization is refused exactly like one that does not exist.
 * `clinicOrganization` is the named clinic's organization, if it exists.
 */
export const scopeOpeningList = (
  actor: { readonly org_id: string },
  query: OpeningListQuery,
  clinicOrganization: O.Option<string>,
): Validation<OpeningListFilter> =>
  pipe(
    query.clinic_id !== undefined && !O.elem(S.Eq)(actor.org_id, clinicOrganization)
      ? fail('clinic_id', 'clinic_id does not name a known clinic')
      : E.right(undefined),
    E.map(() => ({
      organization_id: actor.org_id,
      clinic_id: query.clinic_id,
      status: query.status,
      limit: query.limit,
      after: query.cursor,
    })),
  )
