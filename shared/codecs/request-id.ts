import * as t from 'io-ts'

interface RequestIdBrand {
  readonly RequestId: unique symbol
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

/** The id of a waitlist request: a lower-case UUID chosen before the job is enqueued. */
export const RequestId = t.brand(
  t.string,
  (s): s is t.Branded<string, RequestIdBrand> => uuidPattern.test(s),
  'RequestId',
)
export type RequestId = t.TypeOf<typeof RequestId>
