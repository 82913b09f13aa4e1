import { expect } from 'chai'
import { ConnectionRefusedError, DatabaseError, UniqueConstraintError } from 'sequelize'
import { isDatabaseUnavailable } from '../../ingress/http/database-unavailable'

/** What Sequelize throws for a failed query: node-postgres's error kept as `original` and `parent`. */
const queryError = (original: Error & { code?: string }) =>
  new DatabaseError(original as ConstructorParameters<typeof DatabaseError>[0])

const pgError = (message: string, code?: string) =>
  Object.assign(new Error(message), code === undefined ? {} : { code })

describe('isDatabaseUnavailable: PostgreSQL out of reach is a 503, anything else is not', () => {
  it('takes every sign of a database away: refused, reset, cut, shut down, restarting, full', () => {
    for (const error of [
      new ConnectionRefusedError(pgError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')),
      queryError(pgError('read ECONNRESET', 'ECONNRESET')),
      queryError(pgError('Connection terminated unexpectedly')),
      queryError(pgError('terminating connection due to administrator command', '57P01')),
      queryError(pgError('the database system is starting up', '57P03')),
      queryError(pgError('connection failure', '08006')),
      queryError(pgError('sorry, too many clients already', '53300')),
    ])
      expect(isDatabaseUnavailable(error), String(error)).to.equal(true)
  })

  it('leaves a wrong statement, a refused value and a bug alone', () => {
    for (const error of [
      queryError(pgError('syntax error at or near "SELEC"', '42601')),
      queryError(pgError('invalid input syntax for type uuid', '22P02')),
      queryError(pgError('canceling statement due to statement timeout', '57014')),
      new UniqueConstraintError({}),
      new TypeError('cannot read properties of undefined'),
      'a string',
      undefined,
    ])
      expect(isDatabaseUnavailable(error), String(error)).to.equal(false)
  })
})
