import { expect } from 'chai'
import * as E from 'fp-ts/Either'
import { checkImportSize, decodeImportText, importFormatOf } from '../../scripts/importer/import-file'

const bytes = (text: string) => new TextEncoder().encode(text)

describe('reading an import file', () => {
  it('gives the text of a UTF-8 file, without a byte-order mark', () => {
    expect(decodeImportText('f.csv', bytes('\uFEFFclinic_id\nclinic-123\n'), 1000)).to.deep.equal(
      E.right('clinic_id\nclinic-123\n'),
    )
    expect(decodeImportText('f.csv', bytes('notes\nCafé Zoë ✓\n'), 1000)).to.deep.equal(E.right('notes\nCafé Zoë ✓\n'))
  })

  it('refuses a file that is not UTF-8, saying where the first bad byte is', () => {
    const latin1 = Uint8Array.from([...bytes('notes\nCaf'), 0xe9, 0x0a])
    const result = decodeImportText('f.csv', latin1, 1000)
    expect(result).to.deep.equal(
      E.left(
        'f.csv is not UTF-8 text (the first invalid byte is at offset 9): save it as UTF-8 (in a spreadsheet, "CSV UTF-8") and try again',
      ),
    )
    expect(decodeImportText('f.csv', Uint8Array.from([0xff, 0xfe, 0x41, 0x00]), 1000)).to.deep.equal(
      E.left(
        'f.csv is not UTF-8 text (the first invalid byte is at offset 0): save it as UTF-8 (in a spreadsheet, "CSV UTF-8") and try again',
      ),
    )
  })

  it('refuses an empty file, or one of blank lines only', () => {
    for (const text of ['', '\n\n  \r\n']) {
      expect(decodeImportText('f.ndjson', bytes(text), 1000)).to.deep.equal(
        E.left('f.ndjson is empty: there are no rows to import'),
      )
    }
  })

  it('refuses a file over the stated limit, naming both sizes', () => {
    expect(checkImportSize('big.csv', 2001, 2000)).to.deep.equal(
      E.left(
        'big.csv is 2001 bytes, larger than the import limit of 2000 bytes (--max-bytes): split it into smaller files',
      ),
    )
    expect(checkImportSize('ok.csv', 2000, 2000)).to.deep.equal(E.right(2000))
    expect(decodeImportText('big.csv', bytes('x'.repeat(11)), 10)).to.deep.equal(
      E.left(
        'big.csv is 11 bytes, larger than the import limit of 10 bytes (--max-bytes): split it into smaller files',
      ),
    )
  })

  it('takes the format from --format, else the extension, else the first character', () => {
    expect(importFormatOf('rows.txt', '', 'CSV')).to.deep.equal(E.right('csv'))
    expect(importFormatOf('rows.txt', '', 'xml')).to.deep.equal(E.left('--format must be one of ndjson, csv'))
    expect(importFormatOf('rows.jsonl', 'a,b')).to.deep.equal(E.right('ndjson'))
    expect(importFormatOf('rows.CSV', '{')).to.deep.equal(E.right('csv'))
    expect(importFormatOf('rows', '  {"clinic_id": "c"}')).to.deep.equal(E.right('ndjson'))
    expect(importFormatOf('rows', 'clinic_id,notes')).to.deep.equal(E.right('csv'))
  })
})
