import * as t from 'io-ts'
import { noted } from '../schema/schema-notes'

interface PriorityBrand {
  readonly Priority: unique symbol
}

/** Urgency 1–5, 1 the most urgent; `2.5` and `"2"` are not priorities. */
const MOST_URGENT = 1
const LEAST_URGENT = 5

export const Priority = noted(
  t.brand(
    t.number,
    (n): n is t.Branded<number, PriorityBrand> => Number.isInteger(n) && n >= MOST_URGENT && n <= LEAST_URGENT,
    'Priority',
  ),
  {
    schema: {
      type: 'integer',
      minimum: MOST_URGENT,
      maximum: LEAST_URGENT,
      description: `Urgency, ${MOST_URGENT} the most urgent.`,
    },
  },
)
export type Priority = t.TypeOf<typeof Priority>

export const DEFAULT_PRIORITY = 3 as Priority
