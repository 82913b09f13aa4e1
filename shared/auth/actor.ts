import * as t from 'io-ts'
import { Identifier } from '../codecs/identifier'

interface SubjectBrand {
  readonly Subject: unique symbol
}

/** The token's `sub`: whoever is acting, recorded as created_by/updated_by. */
export const Subject = t.brand(
  t.string,
  (s): s is t.Branded<string, SubjectBrand> => s.trim().length > 0 && s.length <= 255,
  'Subject',
)

export const ROLES = ['USER', 'CLINICIAN', 'STAFF', 'ADMIN'] as const
export const Role = t.keyof({ USER: null, CLINICIAN: null, STAFF: null, ADMIN: null }, 'Role')
export type Role = t.TypeOf<typeof Role>

export const StaffRole = t.keyof({ CLINICIAN: null, STAFF: null, ADMIN: null }, 'StaffRole')

/** A patient acts for themselves: the patient is the token's, never the caller's choice. */
export const PatientActor = t.exact(t.type({ sub: Subject, role: t.literal('USER'), patient_id: Identifier }))

/** Staff act inside the one organization their token names. */
export const StaffActor = t.exact(t.type({ sub: Subject, role: StaffRole, org_id: Identifier }))

export const Actor = t.union([PatientActor, StaffActor], 'Actor')
export type Actor = t.TypeOf<typeof Actor>
