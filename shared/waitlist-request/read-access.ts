import type { Actor } from '../auth/actor'
import type { RequestVersion } from '../codecs/request-version'
import type { WaitlistRequestPayload } from './waitlist-request-payload'
import type { WriterRoles } from './writer'

/** Whose request it is, as far as reading it goes. */
export interface RequestOwner {
  readonly organization_id: string
  readonly patient_id: string
}

/** Patients read only their own requests; staff only their organization's (docs/contract.md#tenancy). */
export const mayRead = (actor: Actor, owner: RequestOwner): boolean =>
  actor.role === 'USER' ? actor.patient_id === owner.patient_id : actor.org_id === owner.organization_id

/** A stored request with the organization it belongs to, which the payload does not show but access rules need. */
export interface StoredWaitlistRequest {
  readonly organization_id: string
  /** How many writes it has seen; not in the payload, but its ETag. */
  readonly version: RequestVersion
  readonly request: WaitlistRequestPayload
  /** The roles created_by and updated_by acted in: a patient is shown staff as a role (writer.ts). */
  readonly roles: WriterRoles
}

export const mayReadStored = (actor: Actor, stored: StoredWaitlistRequest): boolean =>
  mayRead(actor, { organization_id: stored.organization_id, patient_id: stored.request.patient_id })

/**
 * Who may read what became of a create that is not stored (still running,
 * refused, or failed): the actor who filed it, or staff of the organization
 * that filed it. Anyone else is answered as for an unknown id.
 */
export const mayReadCreateOutcome = (reader: Actor, filer: Actor): boolean =>
  filer.role === 'USER'
    ? reader.role === 'USER' && reader.sub === filer.sub && reader.patient_id === filer.patient_id
    : reader.role !== 'USER' && reader.org_id === filer.org_id
