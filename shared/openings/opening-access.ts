import * as E from 'fp-ts/Either'
import type * as t from 'io-ts'
import type { Actor, StaffActor } from '../auth/actor'
import type { TimeZone } from '../codecs/time-zone'
import { rejectWith, type UpdateRejection } from '../errors/update-rejection'
import type { OpeningPayload } from './opening-payload'
import type { OpeningAtClinic } from './slot-facts'

const OPENINGS_STAFF_ONLY = 'only staff may open slots and read openings'
export const OPENING_NOT_FOUND = 'opening not found'

/** A stored opening with what the payload does not show: whose it is, its clinic's clock, its last status write. */
export interface StoredOpening {
  readonly organization_id: string
  readonly timezone: TimeZone
  /** The change_id of the job that last changed the status, so that job run again finds its write done. */
  readonly status_change_id: string | null
  readonly opening: OpeningPayload
}

type Staff = t.TypeOf<typeof StaffActor>

/**
 * Openings are staff work (docs/permissions.md): a patient is refused for the
 * role (403) before anything is looked up, whoever's opening it is.
 */
export const guardStaff = (actor: Actor): E.Either<UpdateRejection, Staff> =>
  actor.role === 'USER'
    ? E.left(rejectWith('forbidden')([{ field: 'role', message: OPENINGS_STAFF_ONLY }]))
    : E.right(actor)

/** Staff see their own organization's openings; any other is answered exactly as one that does not exist. */
export const mayReadOpening = (actor: Staff, stored: Pick<StoredOpening, 'organization_id'>): boolean =>
  actor.org_id === stored.organization_id

/** The opening with its clinic's clock, as `fit` and `slotFacts` judge it. */
export const atClinic = (stored: StoredOpening): OpeningAtClinic & { readonly organization_id: string } => ({
  ...stored.opening,
  timezone: stored.timezone,
  organization_id: stored.organization_id,
})

export const openingNotFound: UpdateRejection = rejectWith('not_found')([{ field: 'id', message: OPENING_NOT_FOUND }])

/**
 * Whether a withdrawal (the slot was filled another way) is to be written:
 * `done` when this very change wrote it before (a job run again), a 404 for
 * an opening the actor may not see, a 409 naming the status for one that is
 * no longer OPEN.
 */
export const judgeWithdrawal = (
  actor: Staff,
  changeId: string,
  stored: StoredOpening,
): E.Either<UpdateRejection, 'withdraw' | 'done'> => {
  if (!mayReadOpening(actor, stored)) return E.left(openingNotFound)
  if (stored.status_change_id === changeId) return E.right('done')
  const status = stored.opening.status
  if (status !== 'OPEN') {
    return E.left({
      reason: 'conflict',
      errors: [{ field: 'status', message: `opening is ${status}: only an OPEN opening can be withdrawn` }],
    })
  }
  return E.right('withdraw')
}
