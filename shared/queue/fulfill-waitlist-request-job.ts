import type * as t from 'io-ts'
import type { RequestId } from '../codecs/request-id'
import { FulfillWaitlistRequest } from '../waitlist-request/end-request'
import { decodeUpdateJob, updateJobData } from './update-job'

/** `POST /apis/v1/waitlist-requests/{id}/fulfill` as a job (the path's spelling, so the names match). */
export const FULFILL_JOB_NAME = 'fulfill-waitlist-request'

export const FulfillJobData = updateJobData(FulfillWaitlistRequest)
export type FulfillJobData = t.TypeOf<typeof FulfillJobData>

export const fulfillJobId = (changeId: RequestId): string => `fulfill-${changeId}`

export const decodeFulfillJob = decodeUpdateJob(FulfillWaitlistRequest)
