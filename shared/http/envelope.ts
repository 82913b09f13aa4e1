import * as t from 'io-ts'
import { FieldError } from '../errors/field-error'

/** Every answer is `{code, message, data}` with `code` = HTTP status × 10, except that a 201 is 2000 (docs/contract.md#envelope-and-codes). */
export const envelopeCode = (status: number): number => (status === 201 ? 2000 : status * 10)

const SUCCESS_MESSAGE = 'Success'

export const ErrorEnvelope = t.intersection([
  t.type({ code: t.number, message: t.string, data: t.null }),
  t.partial({ errors: t.array(FieldError) }),
])
export type ErrorEnvelope = t.TypeOf<typeof ErrorEnvelope>

export const successEnvelope = <A>(status: number, data: A) => ({
  code: envelopeCode(status),
  message: SUCCESS_MESSAGE,
  data,
})

export const errorEnvelope = (status: number, message: string, errors?: ReadonlyArray<FieldError>): ErrorEnvelope => ({
  code: envelopeCode(status),
  message,
  data: null,
  ...(errors === undefined ? {} : { errors: [...errors] }),
})
