import { expect } from 'chai'
import * as E from 'fp-ts/Either'
import { refusedDataAsRejection } from '../../worker/db/data-refusal'

/** An error as Sequelize throws it: node-postgres's fields kept as `original` and `parent`. */
const sequelizeError = (fields: Record<string, unknown>) =>
  Object.assign(new Error('insert or update on table … violates …'), {
    name: 'SequelizeDatabaseError',
    sql: 'INSERT INTO waitlist_requests …',
    original: fields,
    parent: fields,
  })

const outcomeOf = (error: unknown) =>
  // Whatever a driver throws is judged, an Error or not.
  // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
  refusedDataAsRejection(Promise.reject(error)).then(
    (answer) => answer,
    (thrown: unknown) => ({ thrown }),
  )

describe('refusedDataAsRejection: what the database refuses for its data is an answer, the rest a fault', () => {
  it('answers with the written value when the write succeeds', async () => {
    expect(await refusedDataAsRejection(Promise.resolve(7))).to.deep.equal(E.right(7))
  })

  for (const [what, fields, field] of [
    [
      'a CHECK on one column (23514)',
      { code: '23514', table: 'waitlist_requests', constraint: 'waitlist_requests_notes_check' },
      'notes',
    ],
    [
      'a second CHECK on it, numbered by PostgreSQL',
      { code: '23514', table: 'waitlist_requests', constraint: 'waitlist_requests_cancellation_reason_check1' },
      'reason',
    ],
    [
      'a foreign key (23503)',
      { code: '23503', table: 'waitlist_requests', constraint: 'waitlist_requests_patient_id_fkey' },
      'patient_id',
    ],
    [
      'NOT NULL (23502), which names its column',
      { code: '23502', table: 'waitlist_requests', column: 'booked_appointment_start' },
      'appointment_start',
    ],
  ] as const) {
    it(`names the field of ${what}`, async () => {
      expect(await outcomeOf(sequelizeError(fields))).to.deep.equal(
        E.left([{ field, message: `${field} was refused by the database` }]),
      )
    })
  }

  for (const [what, fields] of [
    [
      'a CHECK over several columns',
      { code: '23514', table: 'waitlist_requests', constraint: 'waitlist_requests_check' },
    ],
    ['a column no client writes', { code: '23502', table: 'waitlist_request_history', column: 'actor' }],
    ['a value too long for its type (22001)', { code: '22001' }],
    ['an untranslatable character (22P05)', { code: '22P05' }],
    ['a date out of range (22008)', { code: '22008' }],
  ] as const) {
    it(`answers ${what} with field '' and no word of the SQL or the values`, async () => {
      expect(await outcomeOf(sequelizeError(fields))).to.deep.equal(
        E.left([{ field: '', message: "the database refused this request's data" }]),
      )
    })
  }

  it('reads the code from a bare node-postgres error too', async () => {
    const pgError = Object.assign(new Error('value too long'), { code: '22001' })
    expect(E.isLeft((await outcomeOf(pgError)) as E.Either<unknown, unknown>)).to.equal(true)
  })

  for (const [what, code] of [
    ['a unique violation, which a rerun of the same job resolves', '23505'],
    ['a serialization failure', '40001'],
    ['a deadlock', '40P01'],
    ['an administrator shutdown', '57P01'],
    ['a lost connection', '08006'],
    ['too many connections', '53300'],
    ['an undefined table', '42P01'],
  ] as const) {
    it(`lets ${what} (${code}) through, to be retried`, async () => {
      const error = sequelizeError({ code })
      expect(await outcomeOf(error)).to.deep.equal({ thrown: error })
    })
  }

  it('lets what carries no SQLSTATE at all through', async () => {
    const error = new Error('Connection terminated unexpectedly')
    expect(await outcomeOf(error)).to.deep.equal({ thrown: error })
  })
})
