import * as t from 'io-ts'
import { pipe } from 'fp-ts/function'
import * as E from 'fp-ts/Either'
import { noted } from '../schema/schema-notes'

/**
 * An array of `item` with repeats dropped and the first occurrence's order
 * kept (clients send ["MONDAY", "MONDAY"] by accident, and a repeat carries no
 * meaning), holding at most `maxLength` distinct values.
 */
export const distinctArray = <C extends t.Mixed>(item: C, maxLength: number) => {
  const array = t.array(item)
  return noted(
    new t.Type<Array<t.TypeOf<C>>, Array<t.OutputOf<C>>, unknown>(
      `distinctArray(${item.name})`,
      array.is,
      (input, context) =>
        pipe(
          array.validate(input, context),
          E.chain((values) => {
            const distinct = [...new Set(values)]
            return distinct.length <= maxLength ? t.success(distinct) : t.failure(input, context)
          }),
        ),
      array.encode,
    ),
    {
      like: array,
      schema: { description: `At most ${maxLength} different values; repeats are dropped, the first order kept.` },
    },
  )
}
