import * as t from 'io-ts'
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import { parse as parseCsv } from 'csv-parse/sync'
import { optional } from '../../shared/codecs/optional'
import { withMessage } from '../../shared/codecs/with-message'
import { decodeWithFieldErrors, type FieldErrors } from '../../shared/errors/field-error'
import type { ImportRowInput } from '../../shared/queue/import-job-producer'
import { CREATE_REQUEST_FIELDS } from '../../shared/waitlist-request/create-waitlist-request'
import type { ImportFormat } from './import-file'

/**
 * A row the file could not give as a request (not JSON, not an object, a CSV
 * record that would not parse): reported by the importer itself, never queued.
 * Everything else is for the worker to judge, by the create rules.
 */
interface UnreadableRow {
  readonly row: number
  readonly errors: FieldErrors
}

export type FileRow = E.Either<UnreadableRow, ImportRowInput>

/** A whole file the importer cannot use (a CSV without a usable header). */
export type FileError = string

const BODY_FIELDS: ReadonlyArray<string> = CREATE_REQUEST_FIELDS
const LIST_FIELDS: ReadonlyArray<string> = [
  'preferred_providers',
  'preferred_time_slots',
  'preferred_days',
] satisfies ReadonlyArray<(typeof CREATE_REQUEST_FIELDS)[number]>
const NUMBER_FIELDS: ReadonlyArray<string> = ['priority'] satisfies ReadonlyArray<
  (typeof CREATE_REQUEST_FIELDS)[number]
>

/**
 * One row of a file, decoded at the importer's trust boundary: an object whose
 * `patient_id` (when given) is text. What the fields mean is the create rules'
 * business, in the worker.
 */
const FileRowShape = t.intersection([
  t.UnknownRecord,
  t.type({ patient_id: withMessage(optional(t.string), () => 'patient_id must be text') }),
])

const NOT_AN_OBJECT = 'row must be a JSON object of the request fields and patient_id'

/**
 * Only the body's fields travel (the worker would drop the rest, so the queue
 * need not carry them), read from the parsed object's own keys: a `__proto__`
 * key can never stand in for a field.
 */
const unreadable = (row: number, message: string): FileRow => E.left({ row, errors: [{ field: 'row', message }] })

const toImportRow = (row: number, fields: unknown): FileRow =>
  !t.UnknownRecord.is(fields)
    ? unreadable(row, NOT_AN_OBJECT)
    : pipe(
        decodeWithFieldErrors(FileRowShape)(fields),
        E.bimap(
          (errors) => ({ row, errors }),
          (decoded) => ({
            row,
            patient_id: decoded.patient_id ?? null,
            body: Object.fromEntries(
              BODY_FIELDS.filter((field) => Object.prototype.hasOwnProperty.call(fields, field)).map((field) => [
                field,
                fields[field],
              ]),
            ),
          }),
        ),
      )

/**
 * NDJSON: one JSON object per line; a row's number is its line number, blank
 * lines are skipped. Rows are parsed as they are taken, so an importer can
 * queue its first chunk before it has parsed the whole file.
 */
export function* ndjsonRows(text: string): Generator<FileRow> {
  const lines = text.split('\n')
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue
    const row = index + 1
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch {
      yield unreadable(row, `line ${row} is not valid JSON`)
      continue
    }
    yield toImportRow(row, value)
  }
}

/**
 * A CSV cell as the API would have it: lists are `;`-separated, priority is a
 * number when it reads as one (else the rules reject the text as given), and
 * an empty cell is a field left out.
 */
const cellValue = (field: string, cell: string): unknown => {
  if (LIST_FIELDS.includes(field)) {
    return cell
      .split(';')
      .map((item) => item.trim())
      .filter((item) => item !== '')
  }
  if (NUMBER_FIELDS.includes(field) && /^\s*-?\d+(\.\d+)?\s*$/.test(cell)) return Number(cell)
  return cell
}

/**
 * CSV with a header row naming the fields (the request's and `patient_id`);
 * other columns are ignored. A row's number is its record's position with the
 * header as 1, which is the spreadsheet's row number even when a cell holds a
 * line break. A record that will not parse is that row's rejection; only an
 * unclosed quote, which swallows the rest of the file, ends the reading.
 */
export const csvRows = (text: string): E.Either<FileError, FileRow[]> => {
  let header: ReadonlyArray<string> | undefined
  let ordinal = 0
  const rows: FileRow[] = []
  const onRecord = (cells: ReadonlyArray<string>) => {
    ordinal += 1
    if (header === undefined) {
      header = cells.map((cell) => cell.trim())
      return
    }
    if (cells.length !== header.length) {
      rows.push(unreadable(ordinal, `row ${ordinal} has ${cells.length} values where the header has ${header.length}`))
      return
    }
    const fields: Record<string, unknown> = {}
    header.forEach((name, index) => {
      const cell = cells[index] ?? ''
      if ((name === 'patient_id' || BODY_FIELDS.includes(name)) && cell !== '') fields[name] = cellValue(name, cell)
    })
    rows.push(toImportRow(ordinal, fields))
  }
  parseCsv(text, {
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_record: (record) => {
      onRecord(record)
      return null
    },
    on_skip: (error) => {
      ordinal += 1
      rows.push(unreadable(ordinal, `row ${ordinal} is not valid CSV: ${error?.message ?? 'unreadable'}`))
      return undefined
    },
  })
  if (header === undefined) return E.left('the file has no header row')
  if (!header.some((name) => BODY_FIELDS.includes(name))) {
    return E.left(
      `the CSV header names none of the request's fields (${BODY_FIELDS.join(', ')}, patient_id): the first row must name the columns`,
    )
  }
  if (rows.length === 0) return E.left('the file has a header row but no rows to import')
  return E.right(rows)
}

/** A file's rows, and how many there are (for progress), before any is parsed. */
export interface FileRows {
  readonly count: number
  readonly rows: Iterable<FileRow>
}

const nonBlankLines = (text: string): number => text.split('\n').filter((line) => line.trim() !== '').length

export const fileRows = (format: ImportFormat, text: string): E.Either<FileError, FileRows> =>
  format === 'csv'
    ? E.map((rows: FileRow[]): FileRows => ({ count: rows.length, rows }))(csvRows(text))
    : E.right({ count: nonBlankLines(text), rows: ndjsonRows(text) })
