import type * as t from 'io-ts'
import type { RequestId } from '../codecs/request-id'
import { ChangeWaitlistRequest } from '../waitlist-request/create-waitlist-request'
import { decodeUpdateJob, updateJobData } from './update-job'

/** `PATCH /apis/v1/waitlist-requests/{id}` as a job: the body is the PATCH body, judged by the same codec. */
export const CHANGE_JOB_NAME = 'change-waitlist-request'

export const ChangeJobData = updateJobData(ChangeWaitlistRequest)
export type ChangeJobData = t.TypeOf<typeof ChangeJobData>

export const changeJobId = (changeId: RequestId): string => `change-${changeId}`

export const decodeChangeJob = decodeUpdateJob(ChangeWaitlistRequest)
