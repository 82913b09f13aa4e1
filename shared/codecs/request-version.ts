import * as t from 'io-ts'
import { noted } from '../schema/schema-notes'

interface RequestVersionBrand {
  readonly RequestVersion: unique symbol
}

/**
 * How many times a stored request has been written: 1 when created, one more
 * with every change. Clients send back the version they read (If-Match or a
 * `version` field) so a change made on stale data is refused, not lost.
 */
export const RequestVersion = noted(
  t.brand(
    t.number,
    (n): n is t.Branded<number, RequestVersionBrand> => Number.isSafeInteger(n) && n >= 1,
    'RequestVersion',
  ),
  { schema: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } },
)
export type RequestVersion = t.TypeOf<typeof RequestVersion>
