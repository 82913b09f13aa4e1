import * as t from 'io-ts'
import { RequestVersion } from '../codecs/request-version'

/** One field's value before and after a change, as the payload shows it (`null` when absent). */
export const FieldChange = t.type({ field: t.string, before: t.unknown, after: t.unknown })
export type FieldChange = t.TypeOf<typeof FieldChange>

const HistoryEvent = t.keyof(
  { created: null, changed: null, cancelled: null, fulfilled: null, expired: null },
  'HistoryEvent',
)

/** Who expiry is recorded as: no person ended the request, its dates did. */
export const SYSTEM_EXPIRY = 'system:expiry'

/**
 * One entry of `GET …/{id}/history`: the version the write produced, what
 * happened, when (UTC RFC 3339), by whom (the token's `sub`), and every field
 * it changed. A status change is a change of the field `status`.
 */
export const HistoryEntry = t.type({
  version: RequestVersion,
  event: HistoryEvent,
  at: t.string,
  by: t.string,
  changes: t.array(FieldChange),
})
export type HistoryEntry = t.TypeOf<typeof HistoryEntry>

export const HistoryPage = t.type({ items: t.array(HistoryEntry) })
export type HistoryPage = t.TypeOf<typeof HistoryPage>

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)

/**
 * The fields that differ between two views of a request, in the order given.
 * Values are compared as JSON, so arrays compare by content and order.
 */
export const diffFields = <K extends string>(
  fields: ReadonlyArray<K>,
  before: Readonly<Partial<Record<K, unknown>>>,
  after: Readonly<Partial<Record<K, unknown>>>,
): Array<FieldChange> =>
  fields
    .filter((field) => !same(before[field], after[field]))
    .map((field) => ({ field, before: before[field] ?? null, after: after[field] ?? null }))
