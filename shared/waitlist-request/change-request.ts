import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import type { Actor } from '../auth/actor'
import { decodeWithFieldErrors, fail, type Validation } from '../errors/field-error'
import {
  ChangeWaitlistRequest,
  CreateWaitlistRequest,
  type ValidChange,
  type ValidCreateRequest,
} from './create-waitlist-request'
import type { CreateSubmission } from './create-submission'
import { diffFields, type FieldChange } from './history'
import { resolveCreateRequest, type CreateReferences } from './resolve-create-request'
import type { ResolvedWaitlistRequest, WaitlistRequestPayload } from './waitlist-request-payload'

const CLINIC_FIXED = 'clinic_id cannot be changed: cancel this request and file a new one at the other clinic'

/** The stored request written as the create body that would have filed it. */
const asCreateBody = (stored: WaitlistRequestPayload): Record<string, unknown> => ({
  clinic_id: stored.clinic_id,
  preferred_providers: stored.preferred_providers,
  preferred_time_slots: stored.preferred_time_slots,
  preferred_days: stored.preferred_days,
  date_range_start: stored.date_range_start,
  date_range_end: stored.date_range_end,
  appointment_category_id: stored.appointment_category_id,
  appointment_category: stored.appointment_category,
  appointment_type: stored.appointment_type,
  payment_type: stored.payment_type,
  priority: stored.priority,
  notes: stored.notes,
})

/**
 * The change laid over the stored request, then decoded by the create codec
 * as a whole, so cross-field rules see the stored values too (a new end
 * before the stored start is the documented message). A new category
 * re-derives the label and type unless the change names them.
 */
export const mergeChange = (stored: WaitlistRequestPayload, change: ValidChange): Validation<ValidCreateRequest> => {
  if (change.clinic_id !== undefined && change.clinic_id !== stored.clinic_id) return fail('clinic_id', CLINIC_FIXED)
  const newCategory =
    change.appointment_category_id !== undefined && change.appointment_category_id !== stored.appointment_category_id
  return decodeWithFieldErrors(CreateWaitlistRequest)({
    ...asCreateBody(stored),
    ...(newCategory ? { appointment_category: null, appointment_type: null } : {}),
    ...ChangeWaitlistRequest.encode(change),
    clinic_id: stored.clinic_id,
  })
}

/** The fields a change can touch, in the API page's order; history reports them so. */
const CHANGE_TRACKED_FIELDS = [
  'preferred_providers',
  'preferred_time_slots',
  'preferred_days',
  'date_range_start',
  'date_range_end',
  'appointment_category_id',
  'appointment_category',
  'appointment_type',
  'appointment_duration',
  'payment_type',
  'priority',
  'notes',
] as const

export interface ResolvedChange {
  readonly request: ResolvedWaitlistRequest
  /** Empty when the change asks for what is already stored: nothing is then written. */
  readonly changes: ReadonlyArray<FieldChange>
}

/**
 * Every rule of a create, applied to the request as it would be after the
 * change, with one allowance: a start date already stored may stay though it
 * is now past (a request filed last week may still have its notes edited).
 */
export const resolveChange = (input: {
  readonly actor: Actor
  readonly stored: WaitlistRequestPayload
  readonly merged: ValidCreateRequest
  readonly references: CreateReferences
  readonly now: Date
}): Validation<ResolvedChange> => {
  const submission: CreateSubmission = {
    actor: input.actor,
    patient_id: input.stored.patient_id,
    request: input.merged,
  }
  return pipe(
    resolveCreateRequest(submission, input.references, input.now, {
      change: { storedStart: input.stored.date_range_start },
    }),
    E.map((request) => ({ request, changes: diffFields(CHANGE_TRACKED_FIELDS, input.stored, request) })),
  )
}
