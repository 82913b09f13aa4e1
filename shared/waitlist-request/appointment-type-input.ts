import * as t from 'io-ts'
import { AppointmentType } from '../reference-data/reference-records'
import { noted } from '../schema/schema-notes'

/**
 * Clients write the type as the page's label ("Initial Evaluation") or as the
 * enum ("INITIAL_EVAL"), in any case, with spaces, underscores or hyphens
 * between the words. We fold case and separators, then look the spelling up.
 */
const spellings: Record<string, AppointmentType> = {
  INITIAL_EVALUATION: 'INITIAL_EVAL',
  INITIAL_EVAL: 'INITIAL_EVAL',
  FOLLOW_UP: 'FOLLOW_UP',
}

export const normaliseAppointmentType = (input: string): AppointmentType | undefined =>
  spellings[
    input
      .trim()
      .toUpperCase()
      .replace(/[\s_-]+/g, '_')
  ]

export const AppointmentTypeInput = noted(
  new t.Type<AppointmentType, AppointmentType, unknown>(
    'AppointmentTypeInput',
    AppointmentType.is,
    (input, context) => {
      const normalised = typeof input === 'string' ? normaliseAppointmentType(input) : undefined
      return normalised === undefined ? t.failure(input, context) : t.success(normalised)
    },
    t.identity,
  ),
  {
    schema: {
      type: 'string',
      description:
        'Initial Evaluation or Follow Up, as the label or the enum, in any case, words joined by spaces, _ or -; stored as INITIAL_EVAL or FOLLOW_UP.',
      examples: ['Initial Evaluation', 'FOLLOW_UP'],
    },
  },
)
