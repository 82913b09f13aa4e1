import * as t from 'io-ts'
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import { withMessage } from './with-message'

/** A codec whose failure reads `<where the value sits> <rule>`, e.g. `organizations[1].webhook.url must be …`. */
export const ruled = <C extends t.Any>(codec: C, rule: string) => withMessage(codec, (_, path) => `${path} ${rule}`)

/**
 * An object of `fields` in a reference data file. The object check comes first and alone, so a wrong field
 * reports its own rule rather than a blanket refusal, and a value that is no object at all says so, naming where
 * it sits (or `what` it is, at the top).
 */
export const objectOf = <C extends t.Any>(fields: C, what: string) => {
  const anObject = withMessage(t.UnknownRecord, (_, path) => `${path || what} must be an object`)
  return new t.Type<t.TypeOf<C>, t.OutputOf<C>, unknown>(
    fields.name,
    fields.is,
    (input, context) =>
      pipe(
        anObject.validate(input, context),
        E.chain(() => fields.validate(input, context)),
      ),
    fields.encode,
  )
}
