import * as E from 'fp-ts/Either'
import { PatientActor, Role, StaffActor, Subject, type Actor } from './actor'

/** Why a token gives no actor: it identifies nobody (unauthenticated), or someone who may not act (forbidden). */
export interface AuthFailure {
  readonly reason: 'unauthenticated' | 'forbidden'
  readonly message: string
}

const forbidden = (message: string): E.Either<AuthFailure, never> => E.left({ reason: 'forbidden', message })

/**
 * Turns the claims of a verified token into the actor. A token without a
 * subject is malformed (unauthenticated); a well-formed token whose role we do
 * not know, or that lacks the claim its role needs, is authenticated but not
 * allowed (forbidden).
 */
export const actorFromClaims = (claims: Record<string, unknown>): E.Either<AuthFailure, Actor> => {
  if (!Subject.is(claims['sub'])) return E.left({ reason: 'unauthenticated', message: 'token has no valid sub claim' })
  const role = claims['role']
  if (!Role.is(role)) return forbidden('token has no role this service recognises')
  if (role === 'USER') {
    const actor = PatientActor.decode(claims)
    return E.isRight(actor) ? actor : forbidden('patient token has no valid patient_id claim')
  }
  const actor = StaffActor.decode(claims)
  return E.isRight(actor) ? actor : forbidden('staff token has no valid org_id claim')
}
