import * as E from 'fp-ts/Either'
import { extname } from 'node:path'

/**
 * The importer holds a whole file in memory (its content hash names the batch
 * before the first row is queued), so files are capped: 100 MiB is about
 * 250,000 rows, far above a clinic's waitlist, and still cheap to hold.
 */
export const DEFAULT_MAX_IMPORT_BYTES = 100 * 1024 * 1024

const IMPORT_FORMATS = ['ndjson', 'csv'] as const
export type ImportFormat = (typeof IMPORT_FORMATS)[number]

const byExtension: Record<string, ImportFormat> = {
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.json': 'ndjson',
  '.csv': 'csv',
}

const isFormat = (value: string): value is ImportFormat => (IMPORT_FORMATS as ReadonlyArray<string>).includes(value)

/** `--format` when given, else the file's extension, else a look at its first character. */
export const importFormatOf = (path: string, text: string, given?: string): E.Either<string, ImportFormat> => {
  if (given !== undefined) {
    const format = given.toLowerCase()
    return isFormat(format) ? E.right(format) : E.left(`--format must be one of ${IMPORT_FORMATS.join(', ')}`)
  }
  const known = byExtension[extname(path).toLowerCase()]
  if (known !== undefined) return E.right(known)
  return E.right(text.trimStart().startsWith('{') ? 'ndjson' : 'csv')
}

/** Too large a file is refused before it is read: the caller passes the size it stat-ed. */
export const checkImportSize = (path: string, bytes: number, maxBytes: number): E.Either<string, number> =>
  bytes > maxBytes
    ? E.left(
        `${path} is ${bytes} bytes, larger than the import limit of ${maxBytes} bytes (--max-bytes): split it into smaller files`,
      )
    : E.right(bytes)

const decodes = (bytes: Uint8Array, stream: boolean): boolean => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream })
    return true
  } catch {
    return false
  }
}

/** Where the first bad byte sequence starts, so the message can point at it. */
const byteOffsetOfFirstInvalid = (bytes: Uint8Array): number => {
  // The longest prefix that decodes when more may follow ends inside (or at) the bad sequence…
  let low = 0
  let high = bytes.length
  while (low < high) {
    const middle = Math.floor((low + high + 1) / 2)
    if (decodes(bytes.subarray(0, middle), true)) low = middle
    else high = middle - 1
  }
  // …and the sequence starts where a prefix last decodes completely (at most three bytes back).
  let start = low
  while (start > 0 && !decodes(bytes.subarray(0, start), false)) start -= 1
  return start
}

/**
 * The file's bytes as text: UTF-8 only (a byte-order mark is dropped), so a
 * spreadsheet saved as Latin-1 or UTF-16 is refused with a message rather than
 * imported as mojibake, and an empty file is refused rather than reported as a
 * successful import of nothing.
 */
export const decodeImportText = (path: string, bytes: Uint8Array, maxBytes: number): E.Either<string, string> => {
  if (bytes.length > maxBytes) return E.map(() => '')(checkImportSize(path, bytes.length, maxBytes))
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    return E.left(
      `${path} is not UTF-8 text (the first invalid byte is at offset ${byteOffsetOfFirstInvalid(bytes)}): save it as UTF-8 (in a spreadsheet, "CSV UTF-8") and try again`,
    )
  }
  if (text.trim() === '') return E.left(`${path} is empty: there are no rows to import`)
  return E.right(text)
}
