import { DateTime } from 'luxon'
import { CODE_SYSTEMS, IDENTIFIER_SYSTEMS } from '../../shared/fhir/fhir-names'
import { call, type ApiAnswer, type TestStack } from './stack'

export const FHIR_JSON = 'application/fhir+json'

type Api = Pick<TestStack, 'baseUrl'>

/** A GET asking for FHIR. */
export const getFhir = (stack: Api, path: string, token?: string): Promise<ApiAnswer> =>
  call(stack, 'GET', path, { ...(token === undefined ? {} : { token }), headers: { Accept: FHIR_JSON } })

/** A POST of a FHIR document. */
export const postFhir = (stack: Api, path: string, token: string, body: unknown): Promise<ApiAnswer> =>
  call(stack, 'POST', path, { token, body, headers: { 'Content-Type': FHIR_JSON } })

/** The FHIRPath expressions of an OperationOutcome's issues, in order. */
export const expressionsOf = (outcome: { issue: Array<{ expression?: string[] }> }): Array<string | undefined> =>
  outcome.issue.map((issue) => issue.expression?.[0])

/**
 * A free Slot as a practice system would post it (docs/fhir.md): an hour from `start` (a luxon time on the clinic's
 * clock), its Schedule contained and naming the clinic and the provider, of one category.
 */
export const slotFor = (
  clinicId: string,
  providerId: string,
  start: DateTime,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> => ({
  resourceType: 'Slot',
  contained: [
    {
      resourceType: 'Schedule',
      id: 'schedule',
      actor: [
        { type: 'Location', identifier: { system: IDENTIFIER_SYSTEMS.clinic, value: clinicId } },
        { type: 'Practitioner', identifier: { system: IDENTIFIER_SYSTEMS.provider, value: providerId } },
      ],
    },
  ],
  schedule: { reference: '#schedule' },
  status: 'free',
  start: start.toISO({ suppressMilliseconds: true }),
  end: start.plus({ hours: 1 }).toISO({ suppressMilliseconds: true }),
  serviceType: [{ coding: [{ system: CODE_SYSTEMS.appointmentCategory, code: 'cat-eval' }] }],
  ...overrides,
})
