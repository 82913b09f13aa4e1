import * as E from 'fp-ts/Either'
import { PatientActor, Role, StaffActor, Subject, type Actor } from './actor'

export interface AuthFailure {
  readonly status: 401 | 403
  readonly message: string
}

const forbidden = (message: string): E.Either<AuthFailure, never> => E.left({ status: 403, message })

/**
 * Turns the claims of a verified token into the actor. A token without a
 * subject is malformed (401); a well-formed token whose role we do not know, or
 * that lacks the claim its role needs, is authenticated but not allowed (403).
 */
export const actorFromClaims = (claims: Record<string, unknown>): E.Either<AuthFailure, Actor> => {
  if (!Subject.is(claims['sub'])) return E.left({ status: 401, message: 'token has no valid sub claim' })
  const role = claims['role']
  if (!Role.is(role)) return forbidden('token has no role this service recognises')
  if (role === 'USER') {
    const actor = PatientActor.decode(claims)
    return E.isRight(actor) ? actor : forbidden('patient token has no valid patient_id claim')
  }
  const actor = StaffActor.decode(claims)
  return E.isRight(actor) ? actor : forbidden('staff token has no valid org_id claim')
}
