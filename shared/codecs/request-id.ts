import * as t from 'io-ts'
import { isUuid } from './uuid'

interface RequestIdBrand {
  readonly RequestId: unique symbol
}

/** The id of a waitlist request: a lower-case UUID chosen before the job is enqueued. */
export const RequestId = t.brand(t.string, (s): s is t.Branded<string, RequestIdBrand> => isUuid(s), 'RequestId')
export type RequestId = t.TypeOf<typeof RequestId>
