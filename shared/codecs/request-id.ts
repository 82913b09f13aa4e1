import type * as t from 'io-ts'
import { uuidBrand } from './uuid'

interface RequestIdBrand {
  readonly RequestId: unique symbol
}

/** The id of a waitlist request: a lower-case UUID chosen before the job is enqueued. */
export const RequestId = uuidBrand<RequestIdBrand, 'RequestId'>('RequestId')
export type RequestId = t.TypeOf<typeof RequestId>
