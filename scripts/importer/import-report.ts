import { stringify } from 'csv-stringify/sync'
import type { FieldErrors } from '../../shared/errors/field-error'
import type { RequestId } from '../../shared/codecs/request-id'

/**
 * What became of one row of the file: written (now or by an earlier run),
 * rejected by a rule, lost to a fault that outlasted every retry, or not yet
 * known because the import was interrupted. The last two are fixed by running
 * the same import again.
 */
export type RowOutcome =
  | { readonly row: number; readonly outcome: 'created' | 'existing'; readonly request_id: RequestId }
  | { readonly row: number; readonly outcome: 'rejected'; readonly errors: FieldErrors }
  | { readonly row: number; readonly outcome: 'failed'; readonly message: string }
  | { readonly row: number; readonly outcome: 'pending' }

export interface ImportTally {
  readonly read: number
  readonly accepted: number
  readonly rejected: number
  readonly failed: number
}

export const emptyTally = (read: number): ImportTally => ({ read, accepted: 0, rejected: 0, failed: 0 })

export const addToTally = (tally: ImportTally, outcomes: ReadonlyArray<RowOutcome>): ImportTally =>
  outcomes.reduce(
    (sum, { outcome }) => ({
      ...sum,
      accepted: sum.accepted + (outcome === 'created' || outcome === 'existing' ? 1 : 0),
      rejected: sum.rejected + (outcome === 'rejected' ? 1 : 0),
      failed: sum.failed + (outcome === 'failed' ? 1 : 0),
    }),
    tally,
  )

const REPORT_HEADER = ['row', 'outcome', 'request_id', 'field', 'message', 'all_errors'] as const

const reportCells = (outcome: RowOutcome): ReadonlyArray<string> => {
  switch (outcome.outcome) {
    case 'created':
    case 'existing':
      return [outcome.request_id, '', '', '']
    case 'rejected':
      return [
        '',
        outcome.errors[0].field,
        outcome.errors[0].message,
        outcome.errors.map((error) => `${error.field}: ${error.message}`).join(' | '),
      ]
    case 'failed':
      return ['', '', `not written: ${outcome.message}; run the same import again`, '']
    case 'pending':
      return ['', '', 'not finished: the import was interrupted; run the same import again', '']
  }
}

/**
 * The report, CSV so it opens beside the spreadsheet it answers: one line per
 * row in file order, with the request id, or the first failed rule's field and
 * message and then every failed rule.
 */
export const reportCsv = (outcomes: ReadonlyArray<RowOutcome>): string =>
  stringify(
    [...outcomes]
      .sort((a, b) => a.row - b.row)
      .map((outcome) => [String(outcome.row), outcome.outcome, ...reportCells(outcome)]),
    { header: true, columns: [...REPORT_HEADER] },
  )
