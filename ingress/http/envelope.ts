import * as t from 'io-ts'
import { FieldErrors } from '../../shared/errors/field-error'
import { noted } from '../../shared/schema/schema-notes'

/** The envelope's `code`: the HTTP status × 10, except a 201's 2000 (docs/contract.md). */
const EnvelopeCode = noted(t.refinement(t.number, Number.isInteger, 'EnvelopeCode'), {
  schema: { type: 'integer', description: 'The HTTP status × 10 (404 → 4040), except 201 → 2000.' },
})

/** Every refusal and fault: `message` is the first failed rule's, `errors` lists every one when the caller can act on each. */
export const ErrorEnvelope = t.intersection(
  [t.type({ code: EnvelopeCode, message: t.string, data: t.null }), t.partial({ errors: FieldErrors })],
  'ErrorEnvelope',
)
export type ErrorBody = t.OutputOf<typeof ErrorEnvelope>

/** A 200's or 201's envelope around `data`. */
export const successEnvelope = <C extends t.Mixed>(data: C) =>
  t.type({ code: t.literal(2000), message: t.literal('Success'), data })

/** What a 202 says: the work is queued under this id, and its Location tells how it ended. */
export const Processing = t.type({ id: t.string, status: t.literal('PROCESSING') }, 'Processing')

export const AcceptedEnvelope = t.type(
  { code: t.literal(2020), message: t.string, data: Processing },
  'AcceptedEnvelope',
)
