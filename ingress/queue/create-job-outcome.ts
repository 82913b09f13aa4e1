import * as E from 'fp-ts/Either'
import * as O from 'fp-ts/Option'
import * as t from 'io-ts'
import { Actor } from '../../shared/auth/actor'
import type { RequestId } from '../../shared/codecs/request-id'
import { CreateJobResult, createJobId } from '../../shared/queue/create-waitlist-request-job'
import { mayReadCreateOutcome } from '../../shared/waitlist-request/read-access'
import { JobFailed, type JobClient, type JobOutcome } from './job-client'

/** What became of a create job: still running, finished with its result, or failed for good. */
export type CreateOutcome = JobOutcome<CreateJobResult> | { readonly kind: 'failed' }

/** For `.catch` on a create job's run: a job failed for good is an outcome to answer, every other error goes on. */
export const failedForGood = (error: unknown): CreateOutcome => {
  if (error instanceof JobFailed) return { kind: 'failed' }
  throw error
}

/** Only the filer is read from the job's data: who may see its outcome. */
const Filed = t.type({ actor: Actor })

export type ReadCreateOutcome = (requestId: RequestId, reader: Actor) => Promise<O.Option<CreateOutcome>>

/**
 * What became of the create job of `requestId`, read from Redis (for as long
 * as job results are kept, docs/queue-contract.md), for `reader`: none when
 * there is no such job, or when the reader may not see it, so that an id
 * reveals nothing either way.
 */
export const readCreateOutcome =
  (jobs: JobClient): ReadCreateOutcome =>
  async (requestId, reader) => {
    const jobId = createJobId(requestId)
    const job = await jobs.read(jobId)
    if (job === undefined) return O.none
    const filed = Filed.decode(job.data)
    if (E.isLeft(filed) || !mayReadCreateOutcome(reader, filed.right.actor)) return O.none
    if (job.state === 'pending') return O.some({ kind: 'pending' })
    if (job.state === 'failed') return O.some({ kind: 'failed' })
    const result = CreateJobResult.decode(job.returnvalue)
    if (E.isLeft(result)) throw new Error(`job ${jobId} returned a result outside its contract`)
    return O.some({ kind: 'finished', result: result.right })
  }
