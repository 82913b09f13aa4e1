import { ConnectionError } from 'sequelize'
import { driverErrorsOf } from '../../worker/db/driver-errors'

/**
 * SQLSTATE classes that say the database is away or full, not that the statement is wrong: 08 connection
 * exception, 53 insufficient resources (too many connections), 57P operator intervention (shut down, restarting,
 * cannot connect now).
 */
const UNAVAILABLE_STATE = /^(08|53|57P)/

/** The socket's own codes when the connection was refused, reset or timed out under a query. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH'])

/** node-postgres reports a connection cut under a query with these words and no code at all. */
const CUT_CONNECTION = /^Connection terminated/

const unavailableCode = (code: unknown): boolean =>
  typeof code === 'string' && (UNAVAILABLE_STATE.test(code) || SOCKET_CODES.has(code))

/**
 * Whether a failed read failed because PostgreSQL could not be reached (refused, timed out, cut, restarting):
 * a moment's condition the client may retry, so a 503 like Redis's, never a 500 that says the service is broken.
 */
export const isDatabaseUnavailable = (error: unknown): boolean => {
  if (error instanceof ConnectionError) return true
  return driverErrorsOf(error).some(
    (candidate) =>
      unavailableCode(candidate['code']) ||
      (typeof candidate['message'] === 'string' && CUT_CONNECTION.test(candidate['message'])),
  )
}
