import * as t from 'io-ts'
import type { FieldError } from '../errors/field-error'

const IssueCode = t.keyof({
  invalid: null,
  'business-rule': null,
  login: null,
  forbidden: null,
  'not-found': null,
  conflict: null,
  duplicate: null,
  'too-long': null,
  'not-supported': null,
  timeout: null,
  throttled: null,
  transient: null,
  exception: null,
  informational: null,
})
type IssueCode = t.TypeOf<typeof IssueCode>

const Issue = t.exact(
  t.intersection([
    t.type({ severity: t.keyof({ error: null, information: null }), code: IssueCode, diagnostics: t.string }),
    t.partial({ expression: t.array(t.string) }),
  ]),
)

/**
 * What a FHIR request is told instead of a resource (docs/fhir.md#refusals): one issue per failed rule, its
 * `expression` the FHIRPath of the element at fault when there is one, `diagnostics` the rule's message.
 */
export const OperationOutcome = t.exact(
  t.type({ resourceType: t.literal('OperationOutcome'), issue: t.array(Issue) }),
  'OperationOutcome',
)
export type OperationOutcome = t.TypeOf<typeof OperationOutcome>

/** R4's issue-type for an answer's status: what kind of refusal it is, as the envelope's status says. */
const CODES: Readonly<Record<number, IssueCode>> = {
  400: 'invalid',
  401: 'login',
  403: 'forbidden',
  404: 'not-found',
  405: 'not-supported',
  408: 'timeout',
  409: 'conflict',
  413: 'too-long',
  415: 'not-supported',
  422: 'business-rule',
  428: 'invalid',
  429: 'throttled',
  431: 'too-long',
  503: 'transient',
}

const issueCodeOf = (status: number): IssueCode => CODES[status] ?? (status >= 500 ? 'exception' : 'invalid')

/**
 * A refusal's field errors as issues; `expressionOf` names the element each field stands for in the document sent
 * (none for a query parameter or a header, whose message names it).
 */
export const refusalOutcome = (
  status: number,
  errors: ReadonlyArray<FieldError>,
  expressionOf: (field: string) => string | undefined = () => undefined,
): OperationOutcome => ({
  resourceType: 'OperationOutcome',
  issue: errors.map((error) => {
    const expression = expressionOf(error.field)
    return {
      severity: 'error',
      code: issueCodeOf(status),
      diagnostics: error.message,
      ...(expression === undefined ? {} : { expression: [expression] }),
    }
  }),
})

/** Not a refusal: the work goes on (a 202), and this says so. */
export const informationOutcome = (message: string): OperationOutcome => ({
  resourceType: 'OperationOutcome',
  issue: [{ severity: 'information', code: 'informational', diagnostics: message }],
})
