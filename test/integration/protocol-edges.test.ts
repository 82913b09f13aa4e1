import { expect } from 'chai'
import { CREATE_PATH, call, startStack, type TestStack } from '../support/stack'
import { filed, pathOf } from '../support/lifecycle'
import { rawHttp, type RawHttpAnswer } from '../support/raw-http'
import { patientToken } from '../support/tokens'

/** An answer in the envelope: JSON, `code` the status × 10, and the headers every answer carries. */
const expectEnvelope = (answer: RawHttpAnswer, status: number): void => {
  expect(answer.status, answer.text).to.equal(status)
  expect(answer.headers.get('content-type'), answer.text).to.match(/^application\/json/)
  expect(answer.headers.get('content-length'), answer.text).to.equal(String(Buffer.byteLength(answer.text)))
  expect(answer.headers.get('x-request-id'), answer.text).to.be.a('string').that.is.not.empty
  expect(answer.headers.get('cache-control'), answer.text).to.equal('no-store')
  expect(answer.body, answer.text).to.be.an('object')
  expect(answer.body.code, answer.text).to.equal(status === 201 ? 2000 : status * 10)
  expect(answer.body.message, answer.text).to.be.a('string').that.is.not.empty
}

const get = (path: string, headers: ReadonlyArray<string> = []) =>
  [`GET ${path} HTTP/1.1`, 'Host: localhost', 'Connection: close', ...headers, '', ''].join('\r\n')

describe('answers at the edges of HTTP: in the envelope wherever Node lets the application speak', () => {
  let stack: TestStack
  const token = patientToken()

  before(async () => {
    stack = await startStack()
  })
  after(async () => {
    await stack?.stop()
  })

  describe("requests Node's parser refuses", () => {
    it('answers a 20 KB URL with 431 in the envelope', async () => {
      const answer = await rawHttp(stack.baseUrl, get(`${CREATE_PATH}?clinic_id=${'a'.repeat(20_000)}`))
      expectEnvelope(answer, 431)
      expect(answer.body.data).to.equal(null)
      expect(answer.headers.get('connection')).to.equal('close')
    })

    it('answers a 20 KB header with 431 in the envelope', async () => {
      expectEnvelope(await rawHttp(stack.baseUrl, get('/healthz', [`X-Padding: ${'p'.repeat(20_000)}`])), 431)
    })

    for (const [label, request] of [
      ['a request line that is not HTTP', 'HELLO THERE\r\n\r\n'],
      ['a header without a colon', get('/healthz', ['NotAHeader'])],
      ['a control character in a header value', get('/healthz', ['X-Bad: a\u0001b'])],
      ['two different Content-Lengths', get('/healthz', ['Content-Length: 1', 'Content-Length: 2'])],
      [
        'a malformed chunked body',
        `POST ${CREATE_PATH} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n`,
      ],
    ] as const) {
      it(`answers ${label} with 400 in the envelope`, async () => {
        const answer = await rawHttp(stack.baseUrl, request)
        expectEnvelope(answer, 400)
        expect(answer.body.data).to.equal(null)
      })
    }

    it('keeps serving afterwards', async () => {
      expect((await call(stack, 'GET', '/healthz')).status).to.equal(200)
    })
  })

  describe('OPTIONS', () => {
    it('answers with the methods of the path in Allow and in the envelope', async () => {
      const collection = await rawHttp(stack.baseUrl, get(CREATE_PATH).replace('GET', 'OPTIONS'))
      expectEnvelope(collection, 200)
      const allowed = (collection.headers.get('allow') ?? '').split(', ').sort()
      expect(allowed).to.deep.equal(['GET', 'HEAD', 'POST'])
      expect([...collection.body.data.allow].sort()).to.deep.equal(allowed)

      const one = await rawHttp(
        stack.baseUrl,
        get(pathOf('00000000-0000-4000-8000-000000000000')).replace('GET', 'OPTIONS'),
      )
      expectEnvelope(one, 200)
      expect((one.headers.get('allow') ?? '').split(', ').sort()).to.deep.equal(['GET', 'HEAD', 'PATCH'])
    })

    it('answers a path that does not exist with 404 in the envelope', async () => {
      expectEnvelope(await rawHttp(stack.baseUrl, get('/nowhere').replace('GET', 'OPTIONS')), 404)
    })
  })

  describe('HEAD', () => {
    it('answers as GET does, status and headers, without a body', async () => {
      const request = await filed(stack, token)
      for (const path of [
        pathOf(request['id']),
        CREATE_PATH,
        '/healthz',
        pathOf('00000000-0000-4000-8000-000000000000'),
      ]) {
        const headers = [`Authorization: Bearer ${token}`]
        const viaGet = await rawHttp(stack.baseUrl, get(path, headers))
        const viaHead = await rawHttp(stack.baseUrl, get(path, headers).replace('GET', 'HEAD'))
        expect(viaHead.status, path).to.equal(viaGet.status)
        expect(viaHead.text, path).to.equal('')
        expect(viaHead.headers.get('content-type'), path).to.equal(viaGet.headers.get('content-type'))
        expect(viaHead.headers.get('content-length'), path).to.equal(viaGet.headers.get('content-length'))
      }
    })
  })

  describe('headers that must come once', () => {
    it('answers two Authorization headers with 400 naming it, whatever the second says', async () => {
      const answer = await rawHttp(
        stack.baseUrl,
        get(CREATE_PATH, [`Authorization: Bearer ${token}`, `Authorization: Bearer ${token}`]),
      )
      expectEnvelope(answer, 400)
      expect(answer.body.errors).to.deep.equal([{ field: 'Authorization', message: 'Authorization must be sent once' }])
    })

    it('answers two Idempotency-Key headers with 400 naming it, not the keys joined', async () => {
      const body = '{}'
      const answer = await rawHttp(
        stack.baseUrl,
        [
          `POST ${CREATE_PATH} HTTP/1.1`,
          'Host: localhost',
          'Connection: close',
          `Authorization: Bearer ${token}`,
          'Content-Type: application/json',
          `Content-Length: ${body.length}`,
          'Idempotency-Key: first',
          'idempotency-key: second',
          '',
          body,
        ].join('\r\n'),
      )
      expectEnvelope(answer, 400)
      expect(answer.body.errors).to.deep.equal([
        { field: 'Idempotency-Key', message: 'Idempotency-Key must be sent once' },
      ])
    })

    it('lists both when both come twice', async () => {
      const answer = await rawHttp(
        stack.baseUrl,
        get(CREATE_PATH, [
          'Authorization: Bearer a',
          'Idempotency-Key: k',
          'Authorization: Bearer b',
          'Idempotency-Key: k',
        ]),
      )
      expectEnvelope(answer, 400)
      expect(answer.body.errors.map((error: { field: string }) => error.field)).to.deep.equal([
        'Authorization',
        'Idempotency-Key',
      ])
    })
  })
})
