import { isRecord } from '../../shared/codecs/input-guards'

/**
 * The error a query failed with and what node-postgres (or the socket under it) reported: Sequelize keeps the
 * driver's error as `original` (and `parent`) on the error it throws. Each that is an object, outermost last.
 */
export const driverErrorsOf = (error: unknown): ReadonlyArray<Record<string, unknown>> =>
  isRecord(error) ? [error['original'], error['parent'], error].filter(isRecord) : []
