import * as t from 'io-ts'
import { Identifier } from '../codecs/identifier'
import { storedText } from '../codecs/stored-text'

interface SubjectBrand {
  readonly Subject: unique symbol
}

const SUBJECT_MAX_LENGTH = 255

/** The token's `sub`: whoever is acting, recorded as created_by/updated_by and in the history, so stored text. */
export const Subject = storedText<SubjectBrand, 'Subject'>('Subject', { maxLength: SUBJECT_MAX_LENGTH, nonBlank: true })

export const Role = t.keyof({ USER: null, CLINICIAN: null, STAFF: null, ADMIN: null }, 'Role')
export type Role = t.TypeOf<typeof Role>

const StaffRole = t.keyof({ CLINICIAN: null, STAFF: null, ADMIN: null }, 'StaffRole')

/** A patient acts for themselves: the patient is the token's, never the caller's choice. */
export const PatientActor = t.exact(t.type({ sub: Subject, role: t.literal('USER'), patient_id: Identifier }))

/** Staff act inside the one organization their token names. */
export const StaffActor = t.exact(t.type({ sub: Subject, role: StaffRole, org_id: Identifier }))

export const Actor = t.union([PatientActor, StaffActor], 'Actor')
export type Actor = t.TypeOf<typeof Actor>
