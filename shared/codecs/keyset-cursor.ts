import * as t from 'io-ts'
import * as E from 'fp-ts/Either'
import { noted } from '../schema/schema-notes'

const CURSOR_MAX_LENGTH = 512
const base64url = /^[A-Za-z0-9_-]+$/

/**
 * A keyset page's cursor, opaque to clients: base64url JSON of where the page
 * ended (`position`, whose codec says what a position holds). It is decoded
 * strictly: the base64url alphabet only (Node's decoder would skip anything
 * else), a position whose keys pass the codecs of what they stand for (dates
 * and instants in the years PostgreSQL holds), and exactly the text this
 * service would issue for that position, so no extra member, other offset or
 * other spelling gets through. Anything else is a 400, never a query on
 * strange values. `members` lists the position's members in order: io-ts hands
 * back the very object it decoded, extra members and all.
 */
export const keysetCursor = <P extends Record<string, unknown>, O extends Record<string, unknown>>(
  name: string,
  position: t.Type<P, O, unknown>,
  members: ReadonlyArray<keyof O & string>,
): t.Type<P, string, unknown> => {
  const encode = (value: P): string => {
    const encoded = position.encode(value)
    const ordered = Object.fromEntries(members.map((member) => [member, encoded[member]]))
    return Buffer.from(JSON.stringify(ordered), 'utf8').toString('base64url')
  }
  return noted(
    new t.Type<P, string, unknown>(
      name,
      position.is,
      (input, context) => {
        if (typeof input !== 'string' || input.length > CURSOR_MAX_LENGTH || !base64url.test(input)) {
          return t.failure(input, context)
        }
        let json: unknown
        try {
          json = JSON.parse(Buffer.from(input, 'base64url').toString('utf8'))
        } catch {
          return t.failure(input, context)
        }
        const decoded = position.decode(json)
        return E.isRight(decoded) && encode(decoded.right) === input
          ? t.success(decoded.right)
          : t.failure(input, context)
      },
      encode,
    ),
    {
      schema: {
        type: 'string',
        description: "The previous page's `next_cursor`, exactly as it was given (opaque).",
        maxLength: CURSOR_MAX_LENGTH,
        pattern: base64url.source,
      },
    },
  )
}

/** A whole number from a query string, digits only (no sign, exponent or spaces), within [min, max]. */
export const integerFromQuery = (min: number, max: number) =>
  noted(
    new t.Type<number, string, unknown>(
      `IntegerFrom${min}To${max}`,
      (u): u is number => typeof u === 'number' && Number.isInteger(u) && u >= min && u <= max,
      (u, c) => {
        const n = typeof u === 'string' && /^\d{1,4}$/.test(u) ? Number(u) : NaN
        return n >= min && n <= max ? t.success(n) : t.failure(u, c)
      },
      String,
    ),
    { schema: { type: 'integer', minimum: min, maximum: max } },
  )
