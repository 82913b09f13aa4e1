import * as t from 'io-ts'
import type { Actor } from '../auth/actor'
import { integerFromQuery, keysetCursor } from '../codecs/keyset-cursor'
import { optional, withDefault } from '../codecs/optional'
import { RequestId } from '../codecs/request-id'
import { Timestamp } from '../codecs/timestamp'
import { withMessage } from '../codecs/with-message'
import { OpeningId } from '../openings/opening-id'
import { LIST_LIMIT_DEFAULT, LIST_LIMIT_MAX } from '../waitlist-request/list-query'
import { LinkedOffer } from './linked-offer'
import { OfferId } from './offer-id'
import { OfferStatus, type OfferPayload } from './offer-payload'

const OFFER_STATUSES = Object.keys(OfferStatus.keys).join(', ')

/** Where a page of offers ended: the creation time and id of its last, the order being newest first. */
const OfferPosition = t.type({ key: t.tuple([Timestamp, OfferId]) })
type OfferPosition = t.TypeOf<typeof OfferPosition>

export const OfferCursor = keysetCursor('OfferCursor', OfferPosition, ['key'])

/**
 * The query of `GET /apis/v1/offers`, judged like the other lists': a value
 * that cannot name anything (an id that is no UUID, a status that does not
 * exist, a limit of 1,000) is a 400 naming it, never an empty list or a
 * query on strange values. Without `status`, offers of every status.
 */
export const OfferListQuery = t.type({
  opening_id: withMessage(optional(OpeningId), () => 'opening_id must be an opening id'),
  request_id: withMessage(optional(RequestId), () => 'request_id must be a waitlist request id'),
  status: withMessage(optional(OfferStatus), () => `status must be one of ${OFFER_STATUSES}`),
  limit: withMessage(
    withDefault(integerFromQuery(1, LIST_LIMIT_MAX), LIST_LIMIT_DEFAULT),
    () => `limit must be an integer from 1 to ${LIST_LIMIT_MAX}`,
  ),
  cursor: withMessage(optional(OfferCursor), () => 'cursor is not one this service issued: start again without it'),
})
export type OfferListQuery = t.TypeOf<typeof OfferListQuery>

export const OfferListPage = t.type({
  items: t.array(LinkedOffer),
  /** Pass it as `cursor` for the next page; null on the last page. */
  next_cursor: t.union([t.string, t.null]),
})
export type OfferListPage = t.TypeOf<typeof OfferListPage>

/** A page as read, before each offer is given its link. */
export interface StoredOfferPage {
  readonly items: ReadonlyArray<OfferPayload>
  readonly next_cursor: string | null
}

/** Whose offers a list may hold: a patient's own, or one organization's. */
type OfferScope = { readonly patient_id: string } | { readonly organization_id: string }

/** A list query made safe to run: the caller's scope is a filter like any other, never optional. */
export interface OfferListFilter {
  readonly scope: OfferScope
  readonly opening_id: OpeningId | undefined
  readonly request_id: RequestId | undefined
  readonly status: OfferStatus | undefined
  readonly limit: number
  readonly after: OfferPosition | undefined
}

/**
 * Patients list their own offers, staff their organization's. The filters
 * narrow that scope and never widen it: an opening or request the caller may
 * not see lists nothing, exactly as one that does not exist.
 */
export const scopeOfferList = (actor: Actor, query: OfferListQuery): OfferListFilter => ({
  scope: actor.role === 'USER' ? { patient_id: actor.patient_id } : { organization_id: actor.org_id },
  opening_id: query.opening_id,
  request_id: query.request_id,
  status: query.status,
  limit: query.limit,
  after: query.cursor,
})
