import * as t from 'io-ts'
import { pipe } from 'fp-ts/function'
import * as E from 'fp-ts/Either'

/**
 * Replaces whatever a codec reports with one message meant for a client, so a
 * failure reads as a rule ("priority must be …") rather than an io-ts type dump.
 */
export const withMessage = <C extends t.Any>(
  codec: C,
  message: (input: unknown) => string,
): t.Type<t.TypeOf<C>, t.OutputOf<C>, unknown> =>
  new t.Type(
    codec.name,
    codec.is,
    (input, context) =>
      pipe(
        codec.validate(input, context),
        E.mapLeft(() => [{ value: input, context, message: message(input) }]),
      ),
    codec.encode,
  )
