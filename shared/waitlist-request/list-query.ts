import * as t from 'io-ts'
import { Identifier } from '../codecs/identifier'
import { IsoDate } from '../codecs/iso-date'
import { Priority } from '../codecs/priority'
import { RequestId } from '../codecs/request-id'
import { Timestamp } from '../codecs/timestamp'
import { optional, withDefault } from '../codecs/optional'
import { withMessage } from '../codecs/with-message'
import { integerFromQuery, keysetCursor } from '../codecs/keyset-cursor'
import { RequestStatus, REQUEST_STATUSES } from './enums'
import { WaitlistRequestPayload } from './waitlist-request-payload'
import { requestAsSeenBy, type WriterRoles } from './writer'
import type { Actor } from '../auth/actor'

export const LIST_LIMIT_DEFAULT = 20
export const LIST_LIMIT_MAX = 100

/**
 * `waitlist`: the order front desks work in, most urgent first, then oldest
 * first. The others sort by one column, a leading `-` meaning descending; the
 * id breaks ties so every order is total and a cursor lands exactly.
 */
export const SORTS = ['waitlist', 'created_at', '-created_at', 'date_range_end', '-date_range_end'] as const
export const Sort = t.keyof(
  { waitlist: null, created_at: null, '-created_at': null, date_range_end: null, '-date_range_end': null },
  'Sort',
)
export type Sort = t.TypeOf<typeof Sort>

/** Where a page ended: the sort's key values of its last item. */
export const Position = t.union([
  t.type({ sort: t.literal('waitlist'), key: t.tuple([Priority, Timestamp, RequestId]) }),
  t.type({ sort: t.union([t.literal('created_at'), t.literal('-created_at')]), key: t.tuple([Timestamp, RequestId]) }),
  t.type({
    sort: t.union([t.literal('date_range_end'), t.literal('-date_range_end')]),
    key: t.tuple([IsoDate, RequestId]),
  }),
])
export type Position = t.TypeOf<typeof Position>

export const positionOf = (sort: Sort, item: WaitlistRequestPayload): Position => {
  const created = item.created_at as Timestamp
  switch (sort) {
    case 'waitlist':
      return { sort, key: [item.priority, created, item.id] }
    case 'created_at':
    case '-created_at':
      return { sort, key: [created, item.id] }
    case 'date_range_end':
    case '-date_range_end':
      return { sort, key: [item.date_range_end, item.id] }
  }
}

/** The cursor of a request list page (see `keysetCursor` for how strictly it is read). */
export const Cursor = keysetCursor('Cursor', Position, ['sort', 'key'])

const PriorityFromQuery = integerFromQuery(1, 5) as unknown as t.Type<Priority, string, unknown>

export const idFilter = (field: string, what: string) =>
  withMessage(optional(Identifier), () => `${field} must be ${what}`)

/**
 * The query of `GET /apis/v1/waitlist-requests`: every filter value is judged,
 * and an unknown one (a status that does not exist, priority 9, a limit of
 * 1,000) is a 400 naming it rather than an empty or surprising list. Each
 * parameter is given at most once.
 */
export const ListQuery = t.type({
  clinic_id: idFilter('clinic_id', 'a clinic id'),
  patient_id: idFilter('patient_id', 'a patient id'),
  status: withMessage(
    withDefault(RequestStatus, 'ACTIVE' as const),
    () => `status must be one of ${REQUEST_STATUSES.join(', ')}`,
  ),
  priority: withMessage(optional(PriorityFromQuery), () => 'priority must be an integer from 1 to 5'),
  provider_id: idFilter('provider_id', 'a provider id'),
  appointment_category_id: idFilter('appointment_category_id', 'a category id'),
  available_on: withMessage(optional(IsoDate), () => 'available_on must be a real date in YYYY-MM-DD format'),
  sort: withMessage(withDefault(Sort, 'waitlist' as const), () => `sort must be one of ${SORTS.join(', ')}`),
  limit: withMessage(
    withDefault(integerFromQuery(1, LIST_LIMIT_MAX), LIST_LIMIT_DEFAULT),
    () => `limit must be an integer from 1 to ${LIST_LIMIT_MAX}`,
  ),
  cursor: withMessage(optional(Cursor), () => 'cursor is not one this service issued: start again without it'),
})
export type ListQuery = t.TypeOf<typeof ListQuery>

export const ListPage = t.type({
  items: t.array(WaitlistRequestPayload),
  /** Pass it as `cursor` for the next page; null on the last page. */
  next_cursor: t.union([t.string, t.null]),
})
export type ListPage = t.TypeOf<typeof ListPage>

/** A page as read, before it is shown: each request with the roles its writers acted in (writer.ts). */
export interface StoredListPage {
  readonly items: ReadonlyArray<{ readonly request: WaitlistRequestPayload; readonly roles: WriterRoles }>
  readonly next_cursor: string | null
}

/** The page a reader is shown. */
export const listPageAsSeenBy = (reader: Actor, page: StoredListPage): ListPage => ({
  items: page.items.map((item) => requestAsSeenBy(reader, item)),
  next_cursor: page.next_cursor,
})
