import * as E from 'fp-ts/Either'
import type * as t from 'io-ts'

interface Refusal {
  /** Where the refused value was read: its key in the enclosing object or array, '' at the top. */
  readonly key: string
  /** The name of the innermost codec that refused it: the rule that failed. */
  readonly codec: string
}

/** Which rule refused what in an io-ts decode, one entry per failure; [] when it decoded. */
export const refusals = (result: t.Validation<unknown>): Refusal[] =>
  E.isLeft(result)
    ? result.left.map((error) => {
        const innermost = error.context[error.context.length - 1]
        return { key: innermost?.key ?? '', codec: innermost?.type.name ?? '' }
      })
    : []
