import * as E from 'fp-ts/Either'
import type { RequestVersion } from '../codecs/request-version'
import type { FieldError } from '../errors/field-error'
import type { RequestStatus } from './enums'

/**
 * A request is ACTIVE until it ends one way: FULFILLED (staff booked it),
 * CANCELLED (the patient or staff withdrew it) or EXPIRED (its date range ran
 * out). The three ends are final: nothing leads out of them.
 */
export const TRANSITIONS: Readonly<Record<RequestStatus, ReadonlyArray<RequestStatus>>> = {
  ACTIVE: ['FULFILLED', 'CANCELLED', 'EXPIRED'],
  FULFILLED: [],
  CANCELLED: [],
  EXPIRED: [],
}

export const mayTransition = (from: RequestStatus, to: RequestStatus): boolean => TRANSITIONS[from].includes(to)

/** What a caller asks of a stored request; `change` edits it and leaves it ACTIVE. */
export type Operation = 'change' | 'cancel' | 'fulfill' | 'expire'

const targetOf: Readonly<Record<Operation, RequestStatus | undefined>> = {
  change: undefined,
  cancel: 'CANCELLED',
  fulfill: 'FULFILLED',
  expire: 'EXPIRED',
}

const pastParticiple: Readonly<Record<Operation, string>> = {
  change: 'changed',
  cancel: 'cancelled',
  fulfill: 'fulfilled',
  expire: 'expired',
}

/** A refusal that is the stored request's doing, not the body's: answered 409. */
export type Conflict = FieldError

/** Only an ACTIVE request can be edited or ended; the message says what it is instead. */
export const checkStatus = (status: RequestStatus, operation: Operation): E.Either<Conflict, RequestStatus> => {
  const target = targetOf[operation]
  const allowed = target === undefined ? status === 'ACTIVE' : mayTransition(status, target)
  return allowed
    ? E.right(target ?? status)
    : E.left({
        field: 'status',
        message: `waitlist request is ${status}: only an ACTIVE request can be ${pastParticiple[operation]}`,
      })
}

/** Optimistic concurrency: a write made on a version that is no longer current is refused, never merged blindly. */
export const checkVersion = (
  current: RequestVersion,
  expected: RequestVersion | null,
): E.Either<Conflict, RequestVersion> =>
  expected === null || expected === current
    ? E.right(current)
    : E.left({
        field: 'version',
        message: `waitlist request has changed since version ${expected} (it is now at version ${current}): read it again and retry`,
      })
