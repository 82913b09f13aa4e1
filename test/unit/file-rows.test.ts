import { expect } from 'chai'
import * as E from 'fp-ts/Either'
import { csvRows, ndjsonRows, type FileRow } from '../../scripts/importer/file-rows'

const rightsOf = (rows: ReadonlyArray<FileRow>) => rows.flatMap((row) => (E.isRight(row) ? [row.right] : []))
const leftsOf = (rows: ReadonlyArray<FileRow>) => rows.flatMap((row) => (E.isLeft(row) ? [row.left] : []))
const csv = (text: string) => {
  const rows = csvRows(text)
  if (E.isLeft(rows)) throw new Error(rows.left)
  return rows.right
}

describe('rows of an import file', () => {
  describe('NDJSON', () => {
    it("numbers rows by line, skips blank lines, and splits each object into patient_id and the body's own fields", () => {
      const rows = [
        ...ndjsonRows(
          '{"patient_id":"patient-012","clinic_id":"clinic-123","priority":2,"favourite_colour":"blue"}\n\n  \n{"clinic_id":"c"}\r\n',
        ),
      ]
      expect(rows).to.deep.equal([
        E.right({ row: 1, patient_id: 'patient-012', body: { clinic_id: 'clinic-123', priority: 2 } }),
        E.right({ row: 4, patient_id: null, body: { clinic_id: 'c' } }),
      ])
    })

    it('keeps values as written, for the rules to judge (no coercion in NDJSON)', () => {
      const [row] = rightsOf([...ndjsonRows('{"priority":"2","preferred_days":"MONDAY","notes":null}')])
      expect(row?.body).to.deep.equal({ priority: '2', preferred_days: 'MONDAY', notes: null })
    })

    it('reports a line that is not JSON, or not an object, or whose patient_id is not text, and reads on', () => {
      const rows = [...ndjsonRows('{"clinic_id": \n[1,2]\n"text"\n{"patient_id": 12}\n{"clinic_id":"c"}\n')]
      expect(leftsOf(rows)).to.deep.equal([
        { row: 1, errors: [{ field: 'row', message: 'line 1 is not valid JSON' }] },
        {
          row: 2,
          errors: [{ field: 'row', message: 'row must be a JSON object of the request fields and patient_id' }],
        },
        {
          row: 3,
          errors: [{ field: 'row', message: 'row must be a JSON object of the request fields and patient_id' }],
        },
        { row: 4, errors: [{ field: 'patient_id', message: 'patient_id must be text' }] },
      ])
      expect(rightsOf(rows).map((row) => row.row)).to.deep.equal([5])
    })

    it('never lets __proto__ stand in for a field', () => {
      const [row] = rightsOf([...ndjsonRows('{"__proto__":{"clinic_id":"evil"},"notes":"n"}')])
      expect(row?.body).to.deep.equal({ notes: 'n' })
    })
  })

  describe('CSV', () => {
    const header =
      'patient_id,clinic_id,preferred_providers,preferred_time_slots,preferred_days,date_range_start,date_range_end,appointment_category_id,payment_type,priority,notes'

    it('maps header columns to fields, splits lists on ";", reads priority as a number, and leaves empty cells out', () => {
      const [row] = rightsOf(
        csv(
          `${header}\npatient-012,clinic-123,provider-789; provider-012,MORNING;;EVENING,,2030-03-04,2030-03-20,2058,SELF_PAY,2,\n`,
        ),
      )
      expect(row).to.deep.equal({
        row: 2,
        patient_id: 'patient-012',
        body: {
          clinic_id: 'clinic-123',
          preferred_providers: ['provider-789', 'provider-012'],
          preferred_time_slots: ['MORNING', 'EVENING'],
          date_range_start: '2030-03-04',
          date_range_end: '2030-03-20',
          appointment_category_id: '2058',
          payment_type: 'SELF_PAY',
          priority: 2,
        },
      })
    })

    it('keeps a priority that does not read as a number as text, for the rules to reject as written', () => {
      const rows = rightsOf(csv('clinic_id,priority\nc,urgent\nc,2.5\nc, 4 \n'))
      expect(rows.map((row) => (row.body as Record<string, unknown>)['priority'])).to.deep.equal(['urgent', 2.5, 4])
    })

    it('numbers rows as a spreadsheet does, even across a quoted line break, and keeps quoted commas', () => {
      const rows = rightsOf(csv('clinic_id,notes\nc1,"first line\nsecond line"\nc2,"a, b and ""c"""\n\nc3,\n'))
      expect(rows.map((row) => [row.row, (row.body as Record<string, unknown>)['notes']])).to.deep.equal([
        [2, 'first line\nsecond line'],
        [3, 'a, b and "c"'],
        [4, undefined],
      ])
    })

    it('ignores columns that are not request fields, and reads a file with a byte-order mark', () => {
      const [row] = rightsOf(csv('\uFEFFclinic_id,internal_ref\nclinic-123,X-99\n'))
      expect(row?.body).to.deep.equal({ clinic_id: 'clinic-123' })
    })

    it('reports a row with too few or too many values, and reads on', () => {
      const rows = csv('clinic_id,notes\nc1\nc2,n,extra\nc3,n\n')
      expect(leftsOf(rows)).to.deep.equal([
        { row: 2, errors: [{ field: 'row', message: 'row 2 has 1 values where the header has 2' }] },
        { row: 3, errors: [{ field: 'row', message: 'row 3 has 3 values where the header has 2' }] },
      ])
      expect(rightsOf(rows).map((row) => row.row)).to.deep.equal([4])
    })

    it('reports an unclosed quote, which leaves the rest of the file unreadable, as that row', () => {
      const rows = csv('clinic_id,notes\nc1,n\nc2,"never closed\nc3,n\n')
      expect(rightsOf(rows).map((row) => row.row)).to.deep.equal([2])
      const [unread] = leftsOf(rows)
      expect(unread?.row).to.equal(3)
      expect(unread?.errors[0]?.message).to.match(/^row 3 is not valid CSV: Quote Not Closed/)
    })

    it('refuses a file whose header names no request field, or that has no rows under its header', () => {
      expect(csvRows('name,age\nJane,40\n')).to.satisfy(
        (result: E.Either<string, unknown>) =>
          E.isLeft(result) && /header names none of the request's fields/.test(result.left),
      )
      expect(csvRows('clinic_id,notes\n')).to.deep.equal(E.left('the file has a header row but no rows to import'))
    })
  })
})
