import * as t from 'io-ts'
import { noted } from '../schema/schema-notes'

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

/**
 * A brand of lower-case RFC 9562 UUIDs: the form of every id a producer chooses before enqueueing (requests,
 * openings, changes, batches) and of the ids the service gives (offers, events).
 */
export const uuidBrand = <B extends { readonly [K in N]: symbol }, N extends string>(name: N) =>
  noted(
    t.brand(t.string, (s): s is t.Branded<string, B> => uuidPattern.test(s), name),
    { schema: { description: 'A lower-case UUID.', format: 'uuid', pattern: uuidPattern.source } },
  )
