import type * as E from 'fp-ts/Either'
import type { Actor } from '../../shared/auth/actor'
import type { StoredWaitlistRequest } from '../../shared/waitlist-request/read-access'
import { requestAsSeenBy } from '../../shared/waitlist-request/writer'
import type { UpdateJobResult } from '../../shared/queue/update-job'
import { rejectWith, type UpdateRejection } from '../../shared/errors/update-rejection'
import type { FieldErrors } from '../../shared/errors/field-error'
import type { Decide, UpdateStamp } from '../waitlist-requests/update-waitlist-request'

/**
 * What the cancel, fulfil and change processors need from the outside world,
 * passed in as in the create processor. A throw is an infrastructure fault,
 * which BullMQ retries with backoff; refusals are values.
 */
export interface UpdatePorts {
  readonly update: (stamp: UpdateStamp, decide: Decide) => Promise<E.Either<UpdateRejection, StoredWaitlistRequest>>
  readonly now: () => Date
}

/** The request as written, shown as its writer may see it: the result answers the job's actor (writer.ts). */
export const updatedFor =
  (actor: Actor) =>
  (stored: StoredWaitlistRequest): UpdateJobResult => ({
    outcome: 'updated',
    version: stored.version,
    request: requestAsSeenBy(actor, stored),
  })

export const rejected = (rejection: UpdateRejection): UpdateJobResult => ({ outcome: 'rejected', ...rejection })

export const invalid = (errors: FieldErrors): UpdateRejection => rejectWith('invalid')(errors)
