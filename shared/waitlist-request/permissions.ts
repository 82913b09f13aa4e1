import type { Actor } from '../auth/actor'
import { mayRead, type RequestOwner } from './read-access'

/** Everything a caller can do with waitlist requests (docs/permissions.md has the table). */
export type Action = 'create' | 'read' | 'list' | 'history' | 'change' | 'cancel' | 'fulfill'

/**
 * What a role may do at all, whoever's request it is. Patients file, read,
 * change and cancel their own; only staff book appointments, so only staff
 * fulfil.
 */
export const roleMay = (actor: Actor, action: Action): boolean => action !== 'fulfill' || actor.role !== 'USER'

/**
 * `forbidden` (403) when the role may never do it; `hidden` (404) when the
 * request is not the caller's to see, answered exactly as one that does not
 * exist; `allowed` otherwise.
 */
export const permission = (actor: Actor, action: Action, owner: RequestOwner): 'allowed' | 'hidden' | 'forbidden' => {
  if (!roleMay(actor, action)) return 'forbidden'
  return mayRead(actor, owner) ? 'allowed' : 'hidden'
}

export const FULFILL_FORBIDDEN = 'only staff may fulfil a waitlist request'

export const PRIORITY_FORBIDDEN = 'only clinic staff may change the priority of a waitlist request'

export const REQUEST_NOT_FOUND = 'waitlist request not found'
