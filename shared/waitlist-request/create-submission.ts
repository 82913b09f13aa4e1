import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import { sequenceS } from 'fp-ts/Apply'
import { Identifier } from '../codecs/identifier'
import { type Actor } from '../auth/actor'
import { decodeWithFieldErrors, fail, validation, type Validation } from '../errors/field-error'
import { CreateWaitlistRequest, type ValidCreateRequest } from './create-waitlist-request'
import { isAbsent } from '../codecs/input-guards'

/** Who files a request, for which patient, and what they asked for, once every synchronous rule has passed. */
export interface CreateSubmission {
  readonly actor: Actor
  readonly patient_id: Identifier
  readonly request: ValidCreateRequest
}

/**
 * A patient files for themselves whatever `patient_id` says; staff must name
 * the patient (docs/contract.md#patient-by-role).
 */
export const resolvePatientId = (actor: Actor, given: unknown): Validation<Identifier> => {
  if (actor.role === 'USER') return E.right(actor.patient_id)
  if (isAbsent(given) || given === '') {
    return fail('patient_id', 'patient_id query parameter is required for staff requests')
  }
  return Identifier.is(given) ? E.right(given) : fail('patient_id', 'patient_id must be a patient id')
}

/** Every synchronous rule of a create, run alike by the ingress (HTTP) and the worker (job data). */
export const validateCreateSubmission = (input: {
  readonly actor: Actor
  readonly patient_id: unknown
  readonly body: unknown
}): Validation<CreateSubmission> =>
  pipe(
    sequenceS(validation)({
      patient_id: resolvePatientId(input.actor, input.patient_id),
      request: decodeWithFieldErrors(CreateWaitlistRequest)(input.body),
    }),
    E.map(({ patient_id, request }) => ({ actor: input.actor, patient_id, request })),
  )
