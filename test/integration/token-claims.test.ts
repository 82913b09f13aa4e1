import { execFile } from 'node:child_process'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { expect } from 'chai'
import jwt from 'jsonwebtoken'
import { createRequest, startStack, type ApiAnswer, type TestStack } from '../support/stack'
import { validBody } from '../support/fixtures'
import { handMadeToken, nowSeconds, tokenFor } from '../support/tokens'

const patientClaims = { sub: 'user-pat-a1', role: 'USER', patient_id: 'pat-a1' }

const TOKEN_SCRIPT = join(resolve(__dirname, '..', '..', '..'), 'dist', 'scripts', 'token.js')
const run = promisify(execFile)

describe('token lifetime and time claims (JWT_MAX_LIFETIME_SECONDS, 24 hours by default), through HTTP', () => {
  let stack: TestStack
  before(async () => {
    stack = await startStack()
  })
  after(async () => {
    await stack?.stop()
  })

  const post = (token: string): Promise<ApiAnswer> => createRequest(stack, token, validBody())

  /** 401 with the challenge, and the message the client is told. */
  const refusal = async (token: string): Promise<string> => {
    const answer = await post(token)
    expect(answer.status, answer.text).to.equal(401)
    expect(answer.body, answer.text).to.deep.include({ code: 4010, data: null })
    expect(answer.headers.get('www-authenticate')).to.match(/^Bearer error="invalid_token"/)
    return answer.body.message
  }

  const signed = (payload: Record<string, unknown>, header: Record<string, unknown> = {}) =>
    handMadeToken({ alg: 'HS256', typ: 'JWT', ...header }, payload, process.env['JWT_SECRET'])

  it('accepts a token that lives exactly 24 hours', async () => {
    const answer = await post(tokenFor(patientClaims, { expiresIn: 24 * 3600 }))
    expect(answer.status, answer.text).to.equal(201)
  })

  it('answers 401 to a token that lives longer than 24 hours (exp − iat)', async () => {
    expect(await refusal(tokenFor(patientClaims, { expiresIn: 24 * 3600 + 1 }))).to.equal(
      'token lives longer than 86400 seconds (exp − iat)',
    )
  })

  it('answers 401 to a token without iat that expires more than 24 hours from now', async () => {
    expect(await refusal(signed({ ...patientClaims, exp: nowSeconds() + 48 * 3600 }))).to.equal(
      'token expires more than 86400 seconds from now',
    )
  })

  it('answers 401 to a token issued in the future beyond the clock tolerance', async () => {
    const now = nowSeconds()
    expect(await refusal(signed({ ...patientClaims, iat: now + 3600, exp: now + 7200 }))).to.equal(
      'token was issued in the future (iat)',
    )
  })

  it('answers 401, naming the claim, to a token whose iat or exp is not a number', async () => {
    const now = nowSeconds()
    expect(await refusal(signed({ ...patientClaims, iat: String(now), exp: now + 600 }))).to.equal(
      'token iat claim must be a number of seconds since 1970-01-01T00:00:00Z',
    )
    expect(await refusal(signed({ ...patientClaims, iat: now, exp: String(now + 600) }))).to.equal(
      'token exp claim must be a number of seconds since 1970-01-01T00:00:00Z',
    )
  })

  it('answers 401 to a token with a crit header (RFC 7515 §4.1.11), whatever it lists', async () => {
    const now = nowSeconds()
    for (const crit of [['exp'], [], 'b64']) {
      expect(await refusal(signed({ ...patientClaims, iat: now, exp: now + 600 }, { crit, b64: true }))).to.equal(
        'token has a crit header this service does not understand',
      )
    }
  })

  describe('npm run token (scripts/token.ts)', () => {
    it('mints, by default, a token the API takes, living no longer than the maximum', async () => {
      const { stdout } = await run(process.execPath, [TOKEN_SCRIPT, '--patient', 'pat-a1'])
      const token = stdout.trim()
      const claims = jwt.decode(token) as { iat: number; exp: number }
      expect(claims.exp - claims.iat).to.equal(12 * 3600)
      const answer = await post(token)
      expect(answer.status, answer.text).to.equal(201)
    })

    it('refuses to mint a token the API would refuse for its lifetime', async () => {
      const failure = await run(process.execPath, [TOKEN_SCRIPT, '--hours', '25']).then(
        () => expect.fail('token.js minted a 25-hour token'),
        (error: { code: number; stderr: string }) => error,
      )
      expect(failure.code).to.equal(2)
      expect(failure.stderr).to.match(/--hours must be at most 24/)
    })
  })
})
