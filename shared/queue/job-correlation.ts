import * as t from 'io-ts'
import * as E from 'fp-ts/Either'
import { isRecord } from '../codecs/input-guards'

interface CorrelationIdBrand {
  readonly CorrelationId: unique symbol
}

/**
 * An id that ties log lines together: an HTTP request's `X-Request-Id`, and the `correlation_id` of the jobs it
 * added. Short, and of characters no log, header or shell mangles, so a client's own id can be taken as it is.
 */
export const CorrelationId = t.brand(
  t.string,
  (s): s is t.Branded<string, CorrelationIdBrand> => /^[\w.-]{1,128}$/.test(s),
  'CorrelationId',
)
export type CorrelationId = t.TypeOf<typeof CorrelationId>

/**
 * The optional field any job's data may carry (docs/queue-contract.md#correlation_id). Every job codec is exact, so
 * it never reaches a rule; a value that is not a CorrelationId is ignored, never a rejection and never logged.
 */
const JobCorrelation = t.partial({ correlation_id: CorrelationId })

export const correlationOf = (data: unknown): CorrelationId | undefined => {
  const decoded = JobCorrelation.decode(data)
  return E.isRight(decoded) ? decoded.right.correlation_id : undefined
}

/** Job data with the correlation id beside its fields; data that is not an object has none to be beside. */
export const withCorrelation = (data: unknown, id: CorrelationId | undefined): unknown =>
  id === undefined || !isRecord(data) ? data : { ...data, correlation_id: id }
