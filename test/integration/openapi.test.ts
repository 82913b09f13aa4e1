import { randomUUID } from 'node:crypto'
import { expect } from 'chai'
import { DOCUMENTED_ROUTES, openApiDocument } from '../../ingress/openapi/openapi-document'
import { openApiPath } from '../../ingress/openapi/operations'
import { call, type ApiAnswer, type TestStack, startStack } from '../support/stack'
import { validBody } from '../support/fixtures'
import { etagOf } from '../support/lifecycle'
import { openingBody } from '../support/openings'
import { patientToken, staffToken } from '../support/tokens'
import { recordOffers } from '../support/offer-recorder'
import { ORG, asPatient, asStaff, offerScenes, seedOfferOrganization, zoneAt } from '../support/offers'
import { answerSchema, schemaValidator } from '../support/openapi'

const document = openApiDocument()
const validate = schemaValidator(document)

type Options = Parameters<typeof call>[3]

/**
 * The document served and shown (GET /apis/v1/openapi.json, GET /docs), and true to the service: real answers of
 * every documented JSON operation, successes and refusals, each checked against the schema the document gives for
 * its route and status.
 */
describe('OpenAPI document over HTTP: served, shown, and true to what the service answers', function () {
  this.timeout(60_000)
  const recorder = recordOffers()
  let stack: TestStack
  const exercised = new Set<string>()

  /** Sends a request, expects `status`, and checks the answer against the document's schema for it. */
  const conforms = async (
    method: string,
    route: string,
    path: string,
    status: number,
    options: Options = {},
  ): Promise<ApiAnswer> => {
    const answer = await call(stack, method, path, options)
    expect(answer.status, `${method} ${path}: ${answer.text}`).to.equal(status)
    const template = openApiPath(route)
    const responses = (document.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)[
      template
    ]?.[method.toLowerCase()]?.responses
    expect(responses, `${method} ${template} is not documented`).to.not.equal(undefined)
    expect(Object.keys(responses!), `${method} ${template} does not document ${status}`).to.include(String(status))
    const schema = answerSchema(document, method, template, status)!
    const check = validate(schema)
    expect(check(answer.body), `${method} ${template} ${status}: ${JSON.stringify(check.errors)}`).to.equal(true)
    exercised.add(`${method.toUpperCase()} ${route}`)
    return answer
  }

  before(async () => {
    // A metrics token, so /metrics has its documented refusal to show.
    stack = await startStack({ METRICS_TOKEN: 'metrics-token-of-the-openapi-test' }, { offers: recorder.ports })
    await seedOfferOrganization(stack, { clinic: zoneAt(12), elsewhere: zoneAt(12) })
    recorder.setPolicy(ORG, { quiet_hours: null, batch_size: 3 })
  })
  after(async () => {
    await stack?.stop()
  })

  it('serves the document as JSON without a token, as built', async () => {
    const answer = await call(stack, 'GET', '/apis/v1/openapi.json')
    expect(answer.status).to.equal(200)
    expect(answer.headers.get('content-type')).to.match(/^application\/json/)
    expect(answer.body).to.deep.equal(JSON.parse(JSON.stringify(document)))
    const head = await call(stack, 'HEAD', '/apis/v1/openapi.json')
    expect(head.status).to.equal(200)
    expect(head.text).to.equal('')
  })

  it('serves the docs page and its assets from the package, under a strict Content-Security-Policy', async () => {
    const page = await call(stack, 'GET', '/docs')
    expect(page.status).to.equal(200)
    expect(page.headers.get('content-type')).to.equal('text/html; charset=utf-8')
    const policy = page.headers.get('content-security-policy') ?? ''
    expect(policy).to.include("script-src 'self'").and.include("default-src 'none'").and.not.include('unsafe')
    expect(page.text)
      .to.include('<script src="/docs/swagger-ui-bundle.js"></script>')
      .and.not.match(/https?:\/\//)
    for (const [asset, type] of [
      ['swagger-ui.css', 'text/css; charset=utf-8'],
      ['swagger-ui-bundle.js', 'text/javascript; charset=utf-8'],
      ['docs-page.js', 'text/javascript; charset=utf-8'],
    ] as const) {
      const answer = await call(stack, 'GET', `/docs/${asset}`)
      expect(answer.status, asset).to.equal(200)
      expect(answer.headers.get('content-type'), asset).to.equal(type)
      expect(answer.text.length, asset).to.be.greaterThan(100)
    }
    expect((await call(stack, 'GET', '/docs/docs-page.js')).text).to.include('/apis/v1/openapi.json')
    await conforms('GET', '/docs/:asset', '/docs/package.json', 404)
    await conforms('GET', '/docs/:asset', '/docs/..%2Fpackage.json', 404)
  })

  it('answers the waitlist request routes as documented', async () => {
    const patient = patientToken()
    const staff = staffToken()
    const base = '/apis/v1/waitlist-requests'
    const one = `${base}/:id`
    await conforms('GET', '/healthz', '/healthz', 200)
    await conforms('GET', '/readyz', '/readyz', 200)
    const created = await conforms('POST', base, base, 201, { token: patient, body: validBody() })
    const id: string = created.body.data.id
    await conforms('POST', base, base, 400, {
      token: patient,
      body: validBody({
        date_range_start: validBody()['date_range_end'],
        date_range_end: validBody()['date_range_start'],
      }),
    })
    await conforms('POST', base, base, 401, { body: validBody() })
    await conforms('POST', base, base, 415, { token: patient, body: '{}', headers: { 'Content-Type': 'text/plain' } })
    await conforms('POST', base, base, 400, { token: staff, body: validBody() })
    await conforms('GET', base, `${base}?clinic_id=clinic-a1`, 200, { token: staff })
    await conforms('GET', base, `${base}?status=NOPE&limit=0`, 400, { token: staff })
    await conforms('GET', one, `${base}/${id}`, 200, { token: patient })
    await conforms('GET', one, `${base}/${randomUUID()}`, 404, { token: patient })
    await conforms('PATCH', one, `${base}/${id}`, 428, { token: staff, body: { priority: 1 } })
    const etag = await etagOf(stack, staff, id)
    await conforms('PATCH', one, `${base}/${id}`, 200, {
      token: staff,
      body: { priority: 1 },
      headers: { 'If-Match': etag },
    })
    await conforms('PATCH', one, `${base}/${id}`, 409, {
      token: staff,
      body: { notes: 'x' },
      headers: { 'If-Match': etag },
    })
    await conforms('PATCH', one, `${base}/${id}`, 403, { token: patient, body: { priority: 5, version: 2 } })
    await conforms('POST', `${one}/fulfill`, `${base}/${id}/fulfill`, 403, { token: patient, body: {} })
    await conforms('POST', `${one}/cancel`, `${base}/${id}/cancel`, 200, {
      token: patient,
      body: { reason: 'Moved away' },
    })
    await conforms('POST', `${one}/cancel`, `${base}/${id}/cancel`, 409, { token: patient })
    await conforms('GET', `${one}/history`, `${base}/${id}/history`, 200, { token: patient })
    const other: string = (await conforms('POST', base, base, 201, { token: patient, body: validBody() })).body.data.id
    await conforms('POST', `${one}/fulfill`, `${base}/${other}/fulfill`, 200, {
      token: staff,
      body: { appointment_id: 'appt-1001', appointment_start: '2026-12-01T09:30:00-05:00' },
    })
    await conforms('POST', `${one}/fulfill`, `${base}/${other}/fulfill`, 400, {
      token: staff,
      body: { appointment_id: '' },
    })
    // A method no route has: the envelope every other answer has, the document's default.
    const refused = await call(stack, 'DELETE', `${base}/${other}`, { token: staff })
    expect(refused.status).to.equal(405)
    const check = validate(answerSchema(document, 'GET', openApiPath(one), 405)!)
    expect(check(refused.body), JSON.stringify(check.errors)).to.equal(true)
  })

  it('answers the opening routes as documented', async () => {
    const staff = staffToken()
    const base = '/apis/v1/openings'
    const one = `${base}/:id`
    await conforms('POST', base, base, 403, { token: patientToken(), body: openingBody() })
    await conforms('POST', base, base, 400, { token: staff, body: openingBody({ duration_minutes: 1 }) })
    const opening: string = (await conforms('POST', base, base, 201, { token: staff, body: openingBody() })).body.data
      .id
    const request: string = (
      await call(stack, 'POST', '/apis/v1/waitlist-requests', { token: patientToken(), body: validBody() })
    ).body.data.id
    await conforms('GET', base, base, 200, { token: staff })
    await conforms('GET', base, `${base}?status=GONE`, 400, { token: staff })
    await conforms('GET', one, `${base}/${opening}`, 200, { token: staff })
    await conforms('GET', one, `${base}/${randomUUID()}`, 404, { token: staff })
    await conforms('GET', `${one}/candidates`, `${base}/${opening}/candidates`, 200, { token: staff })
    await conforms('GET', `${one}/candidates`, `${base}/${opening}/candidates?request_id=${request}`, 200, {
      token: staff,
    })
    await conforms('GET', `${one}/candidates`, `${base}/${opening}/candidates?request_id=nope`, 400, { token: staff })
    await conforms('POST', `${one}/withdraw`, `${base}/${opening}/withdraw`, 200, { token: staff })
    await conforms('POST', `${one}/withdraw`, `${base}/${opening}/withdraw`, 409, { token: staff })
  })

  it('answers the offer routes as documented', async () => {
    const { offers } = await offerScenes(stack, zoneAt(12)).offered(2)
    const [first, second] = offers
    const base = '/apis/v1/offers'
    const one = `${base}/:id`
    const patient = asPatient(first!.patient_id)
    await conforms('GET', base, `${base}?status=PENDING`, 200, { token: patient })
    await conforms('GET', base, `${base}?status=MAYBE`, 400, { token: patient })
    await conforms('GET', one, `${base}/${first!.id}`, 200, { token: asStaff() })
    await conforms('GET', one, `${base}/${second!.id}`, 404, { token: patient })
    await conforms('POST', `${one}/decline`, `${base}/${first!.id}/decline`, 400, {
      token: patient,
      body: { reason: ' ' },
    })
    await conforms('POST', `${one}/decline`, `${base}/${first!.id}/decline`, 200, {
      token: patient,
      body: { reason: 'away' },
    })
    await conforms('POST', `${one}/accept`, `${base}/${first!.id}/accept`, 409, { token: patient })
    await conforms('POST', `${one}/accept`, `${base}/${second!.id}/accept`, 200, { token: asStaff() })
  })

  it('refuses /metrics without its bearer token, in the envelope', async () => {
    await conforms('GET', '/metrics', '/metrics', 401)
    const metrics = await call(stack, 'GET', '/metrics', { token: 'metrics-token-of-the-openapi-test' })
    expect(metrics.status).to.equal(200)
    expect(metrics.headers.get('content-type')).to.match(/^text\/plain/)
  })

  it('has exercised every documented JSON operation here', () => {
    const json = DOCUMENTED_ROUTES.filter((route) =>
      Object.values(route.responses).some((answer) => 'shared' in answer || answer.data !== undefined),
    ).map((route) => `${route.method.toUpperCase()} ${route.path}`)
    expect(json.filter((operation) => !exercised.has(operation))).to.deep.equal([])
  })
})
