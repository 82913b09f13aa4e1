import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import type { Actor } from '../auth/actor'
import type { RequestVersion } from '../codecs/request-version'
import { rejectWith, type UpdateRejection } from '../errors/update-rejection'
import type { ValidChange } from './create-waitlist-request'
import {
  FULFILL_FORBIDDEN,
  PRIORITY_FORBIDDEN,
  REQUEST_NOT_FOUND,
  permission,
  roleMay,
  type Action,
} from './permissions'
import type { StoredWaitlistRequest } from './read-access'
import type { WaitlistRequestPayload } from './waitlist-request-payload'
import { checkStatus, checkVersion, type Operation } from './status-rules'

const conflict = (error: { field: string; message: string }): UpdateRejection => rejectWith('conflict')([error])

const roleForbidden: UpdateRejection = rejectWith('forbidden')([{ field: 'role', message: FULFILL_FORBIDDEN }])

/**
 * The role alone (forbidden when it may never do this, whoever's request it is):
 * judged before the request is looked up, by the route and by the worker for
 * a job that came straight from Redis, with the same rule and words.
 */
export const guardRole = (actor: Actor, action: Action): E.Either<UpdateRejection, Actor> =>
  roleMay(actor, action) ? E.right(actor) : E.left(roleForbidden)

/**
 * Priority is the clinic's call: a patient's change may send the stored
 * priority back (a client sending the whole request, as `clinic_id` may be),
 * but not another, whatever their organization lets them state on a create.
 * Judged on the locked request once guardUpdate has passed, so someone
 * else's request is still a 404.
 */
export const guardPriorityChange = (
  actor: Actor,
  stored: WaitlistRequestPayload,
  change: ValidChange,
): E.Either<UpdateRejection, ValidChange> =>
  actor.role === 'USER' && change.priority !== undefined && change.priority !== stored.priority
    ? E.left(rejectWith('forbidden')([{ field: 'priority', message: PRIORITY_FORBIDDEN }]))
    : E.right(change)

/**
 * What every write to a stored request passes first, in this order: the
 * caller may see it (not found otherwise, exactly as a request that does not
 * exist), their role may do this (forbidden), the request is still ACTIVE (a
 * conflict saying what it is), and nobody wrote it since the version they read
 * (a conflict).
 */
export const guardUpdate = (input: {
  readonly actor: Actor
  readonly action: Action
  readonly operation: Operation
  readonly expected_version: RequestVersion | null
  readonly stored: StoredWaitlistRequest
}): E.Either<UpdateRejection, StoredWaitlistRequest> => {
  const { actor, stored } = input
  const access = permission(actor, input.action, {
    organization_id: stored.organization_id,
    patient_id: stored.request.patient_id,
  })
  if (access === 'forbidden') return E.left(roleForbidden)
  if (access === 'hidden') return E.left(rejectWith('not_found')([{ field: 'id', message: REQUEST_NOT_FOUND }]))
  return pipe(
    checkStatus(stored.request.status, input.operation),
    E.chain(() => checkVersion(stored.version, input.expected_version)),
    E.bimap(conflict, () => stored),
  )
}
