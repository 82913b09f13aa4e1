import { generateKeyPairSync } from 'node:crypto'
import { expect } from 'chai'
import jwt from 'jsonwebtoken'
import { QueryTypes } from 'sequelize'
import { CREATE_PATH, call, createRequest, startStack, type ApiAnswer, type TestStack } from '../support/stack'
import { validBody } from '../support/fixtures'
import { base64url, handMadeToken, nowSeconds, patientToken, tokenFor } from '../support/tokens'

const patientClaims = { sub: 'user-pat-a1', role: 'USER', patient_id: 'pat-a1' }

const storedCount = async (stack: TestStack): Promise<number> => {
  const rows = await stack.sequelize.query<{ n: number }>('SELECT count(*)::int AS n FROM waitlist_requests', {
    type: QueryTypes.SELECT,
  })
  return rows[0]?.n ?? Number.NaN
}

/** The 401 of docs/contract.md#authentication-and-roles: the envelope, a WWW-Authenticate challenge, and nothing written. */
const expectUnauthorized = (answer: ApiAnswer) => {
  expect(answer.status, answer.text).to.equal(401)
  expect(answer.body, answer.text).to.deep.include({ code: 4010, data: null })
  expect(answer.body.message, answer.text).to.be.a('string').that.is.not.empty
  expect(answer.headers.get('www-authenticate'), 'WWW-Authenticate header').to.match(/^Bearer\b/)
  expect(answer.headers.get('content-type')).to.match(/^application\/json/)
}

const expectForbidden = (answer: ApiAnswer) => {
  expect(answer.status, answer.text).to.equal(403)
  expect(answer.body, answer.text).to.deep.include({ code: 4030, data: null })
  expect(answer.body.message, answer.text).to.be.a('string').that.is.not.empty
  expect(answer.headers.get('content-type')).to.match(/^application\/json/)
}

const postWithAuthorization = (stack: TestStack, authorization: string | undefined) =>
  call(stack, 'POST', CREATE_PATH, {
    body: validBody(),
    ...(authorization === undefined ? {} : { headers: { Authorization: authorization } }),
  })

describe('authentication (docs/contract.md#authentication-and-roles) with an HS256 secret, through HTTP', () => {
  let stack: TestStack
  before(async () => {
    stack = await startStack()
  })
  after(async () => {
    await stack?.stop()
  })

  /** Sends a valid body with `authorization`, expects 401 and checks nothing was stored. */
  const refused = async (authorization: string | undefined): Promise<ApiAnswer> => {
    const before = await storedCount(stack)
    const answer = await postWithAuthorization(stack, authorization)
    expectUnauthorized(answer)
    expect(await storedCount(stack), 'rows after a refused request').to.equal(before)
    return answer
  }

  it('accepts a valid token (the baseline every refusal below differs from by one thing)', async () => {
    const answer = await createRequest(stack, patientToken(), validBody())
    expect(answer.status, answer.text).to.equal(201)
  })

  it('answers 401 without an Authorization header', async () => {
    const answer = await refused(undefined)
    expect(answer.headers.get('www-authenticate')).to.equal('Bearer')
  })

  it('answers 401 to an empty Authorization header', async () => {
    await refused('')
  })

  for (const scheme of ['Basic', 'Token', 'Digest']) {
    it(`answers 401 to a valid token under the ${scheme} scheme`, async () => {
      await refused(`${scheme} ${patientToken()}`)
    })
  }

  it('answers 401 to "Bearer" with no token, and to two tokens', async () => {
    await refused('Bearer')
    await refused('Bearer ')
    await refused(`Bearer ${patientToken()} ${patientToken()}`)
  })

  for (const [label, token] of [
    ['random text', 'not-a-token'],
    ['two segments', 'abc.def'],
    ['four segments', 'a.b.c.d'],
    ['segments that are not base64url JSON', '!!!.???.***'],
    ['a payload that is not JSON', `x.${base64url('not json')}.y`],
  ] as const) {
    it(`answers 401 to a malformed token: ${label}`, async () => {
      await refused(`Bearer ${token}`)
    })
  }

  it('answers 401 to a token signed with another secret', async () => {
    const token = jwt.sign(patientClaims, 'some-other-secret', { algorithm: 'HS256', expiresIn: 600 })
    const answer = await refused(`Bearer ${token}`)
    expect(answer.headers.get('www-authenticate')).to.match(/invalid_token/)
  })

  it('answers 401 to a token whose payload was altered after signing', async () => {
    const [header, , signature] = patientToken().split('.')
    const forged = base64url(JSON.stringify({ ...patientClaims, patient_id: 'pat-a2', exp: nowSeconds() + 600 }))
    await refused(`Bearer ${header}.${forged}.${signature}`)
  })

  it('answers 401 to an unsigned token (alg: none), with or without a signature segment', async () => {
    const payload = { ...patientClaims, exp: nowSeconds() + 600 }
    await refused(`Bearer ${handMadeToken({ alg: 'none', typ: 'JWT' }, payload)}`)
    await refused(`Bearer ${handMadeToken({ alg: 'none', typ: 'JWT' }, payload).slice(0, -1)}`)
    await refused(`Bearer ${handMadeToken({ alg: 'None', typ: 'JWT' }, payload)}`)
  })

  it('answers 401 to an HS512 token signed with the right secret (algorithms are pinned)', async () => {
    const token = jwt.sign(patientClaims, process.env['JWT_SECRET'] ?? '', { algorithm: 'HS512', expiresIn: 600 })
    await refused(`Bearer ${token}`)
  })

  it('answers 401 to a token that expired beyond the clock tolerance', async () => {
    const token = tokenFor({ ...patientClaims, exp: nowSeconds() - 120 }, {})
    const answer = await refused(`Bearer ${token}`)
    expect(answer.body.message).to.match(/expired/)
  })

  it('accepts a token that expired a few seconds ago, within the small clock tolerance', async () => {
    const token = tokenFor({ ...patientClaims, exp: nowSeconds() - 5 }, {})
    const answer = await createRequest(stack, token, validBody())
    expect(answer.status, answer.text).to.equal(201)
  })

  it('answers 401 to a token without exp', async () => {
    const token = tokenFor(patientClaims, {})
    expect(jwt.decode(token)).not.to.have.property('exp')
    await refused(`Bearer ${token}`)
  })

  it('answers 401 to a token whose exp is not a number', async () => {
    const token = handMadeToken(
      { alg: 'HS256', typ: 'JWT' },
      { ...patientClaims, exp: String(nowSeconds() + 600) },
      process.env['JWT_SECRET'],
    )
    await refused(`Bearer ${token}`)
  })

  it('answers 401 to a token that is not valid yet (nbf in the future)', async () => {
    const token = tokenFor({ ...patientClaims, nbf: nowSeconds() + 3600 }, { expiresIn: 7200 })
    await refused(`Bearer ${token}`)
  })

  it('answers 401 to a token without sub', async () => {
    await refused(`Bearer ${tokenFor({ role: 'USER', patient_id: 'pat-a1' })}`)
  })

  // The sub is stored as created_by and in the history: what PostgreSQL cannot hold is no identity.
  for (const [label, sub] of [
    ['a NUL', 'user\u0000pat-a1'],
    ['an unpaired surrogate', 'user-\ud800'],
  ] as const) {
    it(`answers 401 to a token whose sub holds ${label}`, async () => {
      const answer = await refused(`Bearer ${tokenFor({ ...patientClaims, sub })}`)
      expect(answer.body.message).to.equal('token has no valid sub claim')
    })
  }

  describe('403 for a valid token that does not grant a known role', () => {
    const forbidden = async (claims: Record<string, unknown>) => {
      const before = await storedCount(stack)
      const answer = await createRequest(stack, tokenFor(claims), validBody(), '?patient_id=pat-a1')
      expectForbidden(answer)
      expect(await storedCount(stack), 'rows after a refused request').to.equal(before)
      return answer
    }

    it('answers 403 to an unknown role', async () => {
      await forbidden({ sub: 'user-1', role: 'SUPERUSER', patient_id: 'pat-a1', org_id: 'org-a' })
    })

    it('answers 403 to a role in the wrong case or of the wrong type', async () => {
      await forbidden({ sub: 'user-1', role: 'user', patient_id: 'pat-a1' })
      await forbidden({ sub: 'user-1', role: ['STAFF'], org_id: 'org-a' })
    })

    it('answers 403 to a missing role claim', async () => {
      await forbidden({ sub: 'user-1', patient_id: 'pat-a1', org_id: 'org-a' })
    })

    it('answers 403 to a USER token without patient_id', async () => {
      await forbidden({ sub: 'user-1', role: 'USER', org_id: 'org-a' })
    })

    it('answers 403 to a patient_id or org_id claim holding a NUL or an unpaired surrogate', async () => {
      await forbidden({ sub: 'user-1', role: 'USER', patient_id: 'pat-a1\u0000' })
      await forbidden({ sub: 'user-1', role: 'USER', patient_id: 'pat-\ud800' })
      await forbidden({ sub: 'user-1', role: 'STAFF', org_id: 'org-a\u0000' })
      await forbidden({ sub: 'user-1', role: 'STAFF', org_id: '\udc00org-a' })
    })

    for (const role of ['CLINICIAN', 'STAFF', 'ADMIN']) {
      it(`answers 403 to a staff token (${role}) without org_id`, async () => {
        await forbidden({ sub: 'user-1', role, patient_id: 'pat-a1' })
      })
    }
  })
})

describe('authentication with JWT_ISSUER and JWT_AUDIENCE set', () => {
  let stack: TestStack
  before(async () => {
    stack = await startStack({ JWT_ISSUER: 'https://issuer.test', JWT_AUDIENCE: 'waitlist' })
  })
  after(async () => {
    await stack?.stop()
  })

  const withClaims = (options: jwt.SignOptions) => tokenFor(patientClaims, { expiresIn: 600, ...options })

  it('accepts a token from the configured issuer for the configured audience', async () => {
    const answer = await createRequest(
      stack,
      withClaims({ issuer: 'https://issuer.test', audience: 'waitlist' }),
      validBody(),
    )
    expect(answer.status, answer.text).to.equal(201)
  })

  for (const [label, options] of [
    ['a wrong issuer', { issuer: 'https://evil.test', audience: 'waitlist' }],
    ['a wrong audience', { issuer: 'https://issuer.test', audience: 'billing' }],
    ['no issuer', { audience: 'waitlist' }],
    ['no audience', { issuer: 'https://issuer.test' }],
  ] as const) {
    it(`answers 401 to a token with ${label}`, async () => {
      const answer = await createRequest(stack, withClaims(options), validBody())
      expectUnauthorized(answer)
    })
  }
})

describe('authentication with an RS256 public key (JWT_PUBLIC_KEY)', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString()
  const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
  let stack: TestStack
  before(async () => {
    stack = await startStack({ JWT_PUBLIC_KEY: publicPem, JWT_SECRET: undefined })
  })
  after(async () => {
    await stack?.stop()
  })

  it('accepts an RS256 token signed with the private key', async () => {
    const token = jwt.sign(patientClaims, privatePem, { algorithm: 'RS256', expiresIn: 600 })
    const answer = await createRequest(stack, token, validBody())
    expect(answer.status, answer.text).to.equal(201)
    expect(answer.body.data.created_by).to.equal('user-pat-a1')
  })

  it('answers 401 to an HS256 token signed with the public key PEM as its secret (algorithm confusion)', async () => {
    const token = handMadeToken({ alg: 'HS256', typ: 'JWT' }, { ...patientClaims, exp: nowSeconds() + 600 }, publicPem)
    expectUnauthorized(await createRequest(stack, token, validBody()))
  })

  it('answers 401 to an HS256 token signed with the suite secret, which this stack does not use', async () => {
    expectUnauthorized(await createRequest(stack, patientToken(), validBody()))
  })

  it('answers 401 to an RS256 token signed with another private key', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
    const token = jwt.sign(patientClaims, other, { algorithm: 'RS256', expiresIn: 600 })
    expectUnauthorized(await createRequest(stack, token, validBody()))
  })

  it('answers 401 to an unsigned token (alg: none)', async () => {
    const token = handMadeToken({ alg: 'none', typ: 'JWT' }, { ...patientClaims, exp: nowSeconds() + 600 })
    expectUnauthorized(await createRequest(stack, token, validBody()))
  })
})
