import * as t from 'io-ts'
import { Role, type Actor } from '../auth/actor'
import { SYSTEM_EXPIRY, type HistoryEntry } from './history'
import type { WaitlistRequestPayload } from './waitlist-request-payload'

/** Who writes: the token's `sub`, recorded as created_by/updated_by and in the history, and the role they acted in. */
export interface Writer {
  readonly sub: string
  readonly role: Role
}

/**
 * The role a write was made in, as stored beside its `sub`: null for the
 * service's own writes (expiry) and for writes recorded before roles were.
 */
export const WriterRole = t.union([Role, t.null], 'WriterRole')
export type WriterRole = t.TypeOf<typeof WriterRole>

/** The roles behind a request's created_by and updated_by, which its payload does not show. */
export interface WriterRoles {
  readonly created_by: WriterRole
  readonly updated_by: WriterRole
}

/** What a patient is shown for a write by staff: their role, not who they are. */
export const CLINIC_STAFF = 'clinic staff'

/**
 * Staff see every writer's `sub`. A patient sees a patient's (their own),
 * the service's (`system:expiry`), and staff as `clinic staff`; a write of
 * unrecorded role that is not their own counts as staff's, so no staff id
 * is shown by default.
 */
export const writerAsSeenBy = (reader: Actor, by: string, role: WriterRole): string => {
  if (reader.role !== 'USER' || role === 'USER' || by === reader.sub) return by
  return role === null && by === SYSTEM_EXPIRY ? by : CLINIC_STAFF
}

export const requestAsSeenBy = (
  reader: Actor,
  stored: { readonly request: WaitlistRequestPayload; readonly roles: WriterRoles },
): WaitlistRequestPayload => ({
  ...stored.request,
  created_by: writerAsSeenBy(reader, stored.request.created_by, stored.roles.created_by),
  updated_by: writerAsSeenBy(reader, stored.request.updated_by, stored.roles.updated_by),
})

/** A history entry as stored: the entry the API shows, and the role its `by` acted in. */
export interface StoredHistoryEntry {
  readonly entry: HistoryEntry
  readonly role: WriterRole
}

export const historyAsSeenBy = (reader: Actor, entries: ReadonlyArray<StoredHistoryEntry>): HistoryEntry[] =>
  entries.map(({ entry, role }) => ({ ...entry, by: writerAsSeenBy(reader, entry.by, role) }))
