import * as t from 'io-ts'

interface PriorityBrand {
  readonly Priority: unique symbol
}

/** Urgency 1–5, 1 the most urgent; `2.5` and `"2"` are not priorities. */
export const Priority = t.brand(
  t.number,
  (n): n is t.Branded<number, PriorityBrand> => Number.isInteger(n) && n >= 1 && n <= 5,
  'Priority',
)
export type Priority = t.TypeOf<typeof Priority>

export const DEFAULT_PRIORITY = 3 as Priority
