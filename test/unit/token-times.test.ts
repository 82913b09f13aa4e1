import { inspect } from 'node:util'
import { expect } from 'chai'
import * as E from 'fp-ts/Either'
import * as fc from 'fast-check'
import { checkTokenTimes } from '../../shared/auth/token-times'

const NOW = 1_800_000_000
const DAY = 86_400
const limits = { maxLifetimeSeconds: DAY, clockToleranceSeconds: 30 }

const check = (claims: Record<string, unknown>) => checkTokenTimes({ sub: 'user-1', ...claims }, NOW, limits)
const refusal = (claims: Record<string, unknown>) => {
  const result = check(claims)
  return E.isLeft(result) ? result.left : expect.fail(`expected a refusal, got ${JSON.stringify(result.right)}`)
}

describe('checkTokenTimes: exp, nbf, iat and the lifetime cap', () => {
  it('passes a token issued now for an hour, its claims unchanged', () => {
    expect(check({ iat: NOW, exp: NOW + 3600 })).to.deep.equal(E.right({ sub: 'user-1', iat: NOW, exp: NOW + 3600 }))
  })

  it('passes a lifetime of exactly the maximum, with or without iat', () => {
    expect(E.isRight(check({ iat: NOW - 10, exp: NOW - 10 + DAY }))).to.equal(true)
    expect(E.isRight(check({ exp: NOW + DAY }))).to.equal(true)
  })

  it('refuses a token without exp', () => {
    expect(refusal({ iat: NOW })).to.deep.equal({ reason: 'unauthenticated', message: 'token has no exp claim' })
  })

  for (const [claim, value] of [
    ['exp', String(NOW + 600)],
    ['exp', null],
    ['exp', [NOW + 600]],
    ['exp', Infinity],
    ['exp', Number.NaN],
    ['iat', String(NOW)],
    ['iat', null],
    ['iat', { at: NOW }],
    ['iat', -Infinity],
    ['nbf', 'now'],
  ] as const) {
    it(`refuses a token whose ${claim} is ${inspect(value)}: 401 naming the claim`, () => {
      expect(refusal({ iat: NOW, exp: NOW + 600, [claim]: value })).to.deep.equal({
        reason: 'unauthenticated',
        message: `token ${claim} claim must be a number of seconds since 1970-01-01T00:00:00Z`,
      })
    })
  }

  it('refuses a token that expired beyond the clock tolerance, and takes one within it', () => {
    expect(refusal({ iat: NOW - 600, exp: NOW - 31 })).to.deep.equal({
      reason: 'unauthenticated',
      message: 'token has expired',
    })
    expect(refusal({ iat: NOW - 600, exp: NOW - 30 })).to.deep.equal({
      reason: 'unauthenticated',
      message: 'token has expired',
    })
    expect(E.isRight(check({ iat: NOW - 600, exp: NOW - 29 }))).to.equal(true)
  })

  it('refuses a token not valid yet beyond the clock tolerance', () => {
    expect(refusal({ iat: NOW, nbf: NOW + 31, exp: NOW + 600 })).to.deep.equal({
      reason: 'unauthenticated',
      message: 'token is not valid yet',
    })
    expect(E.isRight(check({ iat: NOW, nbf: NOW + 30, exp: NOW + 600 }))).to.equal(true)
  })

  it('refuses a token issued in the future beyond the clock tolerance', () => {
    expect(refusal({ iat: NOW + 31, exp: NOW + 600 })).to.deep.equal({
      reason: 'unauthenticated',
      message: 'token was issued in the future (iat)',
    })
    expect(E.isRight(check({ iat: NOW + 30, exp: NOW + 600 }))).to.equal(true)
  })

  it('refuses a token whose exp − iat exceeds the maximum, however much of it is left', () => {
    expect(refusal({ iat: NOW - 600, exp: NOW - 600 + DAY + 1 })).to.deep.equal({
      reason: 'unauthenticated',
      message: 'token lives longer than 86400 seconds (exp − iat)',
    })
    expect(refusal({ iat: -1e300, exp: NOW + 60 })).to.deep.equal({
      reason: 'unauthenticated',
      message: 'token lives longer than 86400 seconds (exp − iat)',
    })
  })

  it('refuses a token without iat that expires more than the maximum (and the tolerance) from now', () => {
    expect(refusal({ exp: NOW + DAY + 31 })).to.deep.equal({
      reason: 'unauthenticated',
      message: 'token expires more than 86400 seconds from now',
    })
    expect(E.isRight(check({ exp: NOW + DAY + 30 }))).to.equal(true)
  })

  it('passes exactly the tokens whose times are all in order (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -3 * DAY, max: 3 * DAY }),
        fc.option(fc.integer({ min: -3 * DAY, max: 3 * DAY }), { nil: undefined }),
        (expIn, iatIn) => {
          const claims = { exp: NOW + expIn, ...(iatIn === undefined ? {} : { iat: NOW + iatIn }) }
          const inOrder = expIn > -30 && (iatIn === undefined ? expIn <= DAY + 30 : iatIn <= 30 && expIn - iatIn <= DAY)
          return E.isRight(check(claims)) === inOrder
        },
      ),
    )
  })
})
