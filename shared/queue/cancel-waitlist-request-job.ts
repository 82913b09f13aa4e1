import type * as t from 'io-ts'
import type { RequestId } from '../codecs/request-id'
import { CancelWaitlistRequest } from '../waitlist-request/end-request'
import { decodeUpdateJob, updateJobData } from './update-job'

/** `POST /apis/v1/waitlist-requests/{id}/cancel` as a job. */
export const CANCEL_JOB_NAME = 'cancel-waitlist-request'

export const CancelJobData = updateJobData(CancelWaitlistRequest)
export type CancelJobData = t.TypeOf<typeof CancelJobData>

export const cancelJobId = (changeId: RequestId): string => `cancel-${changeId}`

export const decodeCancelJob = decodeUpdateJob(CancelWaitlistRequest)
