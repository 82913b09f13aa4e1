import * as t from 'io-ts'
import { pipe } from 'fp-ts/function'
import * as E from 'fp-ts/Either'
import { fieldOf } from '../errors/field-error'
import { noted } from '../schema/schema-notes'

/**
 * Replaces whatever a codec reports with one message meant for a client, so a
 * failure reads as a rule ("priority must be …") rather than an io-ts type dump.
 * `field` is where the value sits (`organizations[0].waitlist.offers.batch_size`),
 * for codecs nested deep in a file whose messages must name their entry.
 */
export const withMessage = <C extends t.Any>(
  codec: C,
  message: (input: unknown, field: string) => string,
): t.Type<t.TypeOf<C>, t.OutputOf<C>, unknown> =>
  noted(
    new t.Type<t.TypeOf<C>, t.OutputOf<C>, unknown>(
      codec.name,
      codec.is,
      (input, context) =>
        pipe(
          codec.validate(input, context),
          E.mapLeft(() => [{ value: input, context, message: message(input, fieldOf(context)) }]),
        ),
      codec.encode,
    ),
    { like: codec, message },
  )
