import { request as httpRequest } from 'node:http'
import { expect } from 'chai'
import { QueryTypes } from 'sequelize'
import { CREATE_PATH, call, startStack, type ApiAnswer, type TestStack } from '../support/stack'
import { validBody } from '../support/fixtures'
import { patientToken, staffToken } from '../support/tokens'

/** What an answer to a stranger must never contain: stack frames, SQL, file paths, library names. */
const LEAKS = /at \w+ \(|node_modules|SELECT|INSERT|sequelize|koa|bullmq|Error:/i

const REQUIRED_FIELDS = ['clinic_id', 'date_range_start', 'date_range_end', 'appointment_category_id', 'payment_type']

interface RawAnswer extends ApiAnswer {
  readonly headers: Headers
}

/**
 * One request written byte for byte with node:http, for what fetch will not
 * send (a body without a content type, invalid UTF-8, a wrong method with a body).
 */
const rawRequest = (
  stack: TestStack,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: Buffer | string,
): Promise<RawAnswer> =>
  new Promise((resolve, reject) => {
    const url = new URL(path, stack.baseUrl)
    const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8')
    const request = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method,
        agent: false,
        headers: {
          ...headers,
          ...(payload === undefined ? {} : { 'Content-Length': String(payload.length) }),
        },
      },
      (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('error', reject)
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          let parsed: unknown
          try {
            parsed = JSON.parse(text)
          } catch {
            parsed = undefined
          }
          const answerHeaders = new Headers()
          for (const [name, value] of Object.entries(response.headers)) {
            if (value !== undefined) answerHeaders.set(name, Array.isArray(value) ? value.join(', ') : value)
          }
          resolve({ status: response.statusCode ?? 0, headers: answerHeaders, body: parsed, text })
        })
      },
    )
    request.on('error', reject)
    request.end(payload)
  })

/**
 * Every answer in this file: a JSON envelope with the status × 10 as its code,
 * a 4xx (never a 500), and no trace of the machinery behind it.
 */
const expectCleanError = (answer: ApiAnswer, status: number): void => {
  expect(answer.status, answer.text).to.equal(status)
  expect(answer.headers.get('content-type'), answer.text).to.match(/^application\/json/)
  expect(answer.body, answer.text).to.be.an('object')
  expect(answer.body.code, answer.text).to.equal(status * 10)
  expect(answer.body.data, answer.text).to.equal(null)
  expect(answer.body.message, answer.text).to.be.a('string').that.is.not.empty
  expect(answer.text, 'the answer leaks internals').not.to.match(LEAKS)
}

/** Checks every answer, success included, for the envelope's content type and for leaks. */
const expectJsonWithoutLeaks = (answer: ApiAnswer): void => {
  expect(answer.headers.get('content-type'), answer.text).to.match(/^application\/json/)
  expect(answer.text, 'the answer leaks internals').not.to.match(LEAKS)
}

const rawCall = async (...args: Parameters<typeof rawRequest>): Promise<RawAnswer> => {
  const answer = await rawRequest(...args)
  expectJsonWithoutLeaks(answer)
  return answer
}

const checkedCall = async (...args: Parameters<typeof call>): Promise<ApiAnswer> => {
  const answer = await call(...args)
  expectJsonWithoutLeaks(answer)
  return answer
}

const expectClean4xx = (answer: ApiAnswer): void => {
  expect(answer.status, answer.text).to.be.within(400, 499)
  expectCleanError(answer, answer.status)
}

const fieldsOf = (answer: ApiAnswer): string[] =>
  (answer.body?.errors ?? []).map((error: { field: string }) => error.field)

describe('hostile input to POST /apis/v1/waitlist-requests: always an envelope, never a 500 or a leak', () => {
  let stack: TestStack
  const token = patientToken()
  const json = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }

  before(async () => {
    stack = await startStack()
  })
  after(async () => {
    await stack?.stop()
  })

  const storedCount = async (): Promise<number> => {
    const rows = await stack.sequelize.query<{ n: number }>('SELECT count(*)::int AS n FROM waitlist_requests', {
      type: QueryTypes.SELECT,
    })
    return rows[0]?.n ?? Number.NaN
  }

  const postRaw = (body: Buffer | string, headers: Record<string, string> = json) =>
    rawCall(stack, 'POST', CREATE_PATH, headers, body)

  describe('bodies that are not a JSON object', () => {
    it('answers malformed JSON with 400 "request body is not valid JSON"', async () => {
      for (const text of ['{"clinic_id":', '{clinic_id: "clinic-a1"}', "{'a': 1}", '{"a": 1,}', '{"a":1}}', 'nul']) {
        const answer = await postRaw(text)
        expectCleanError(answer, 400)
        expect(answer.body.message, text).to.equal('request body is not valid JSON')
      }
    })

    for (const [label, text] of [
      ['an array', JSON.stringify([validBody()])],
      ['an empty array', '[]'],
      ['a string', JSON.stringify('clinic-a1')],
      ['a number', '42'],
      ['null', 'null'],
      ['true', 'true'],
    ] as const) {
      it(`answers a JSON body that is ${label} with 400 "request body must be a JSON object"`, async () => {
        const answer = await postRaw(text)
        expectCleanError(answer, 400)
        expect(answer.body.message).to.equal('request body must be a JSON object')
      })
    }

    it('answers an empty body with 400, not a 500', async () => {
      const answer = await postRaw('')
      expectCleanError(answer, 400)
    })
  })

  describe('prototype keys', () => {
    for (const [label, text] of [
      ['__proto__', `{"__proto__": ${JSON.stringify(validBody())}}`],
      ['constructor.prototype', JSON.stringify({ constructor: { prototype: validBody() } })],
      ['prototype', JSON.stringify({ prototype: validBody() })],
    ] as const) {
      it(`does not let ${label} supply the fields, and pollutes nothing`, async () => {
        const answer = await postRaw(text)
        expectCleanError(answer, 400)
        expect(fieldsOf(answer)).to.deep.equal(REQUIRED_FIELDS)
        expect(answer.body.message).to.equal('clinic_id is required')
        expect(({} as Record<string, unknown>)['clinic_id']).to.equal(undefined)
        expect((Object.prototype as Record<string, unknown>)['payment_type']).to.equal(undefined)
      })
    }

    it('sends the literal "__proto__" key (the body is built by hand, not by an object literal)', () => {
      const text = `{"__proto__": ${JSON.stringify(validBody())}}`
      expect(Object.keys(JSON.parse(text))).to.deep.equal(['__proto__'])
    })
  })

  describe('size and content type', () => {
    it('answers a body over BODY_LIMIT_BYTES (~100 KB against 64 KiB) with 413, code 4130', async () => {
      expect(stack.config.BODY_LIMIT_BYTES).to.equal(65536)
      const before = await storedCount()
      const answer = await postRaw(JSON.stringify(validBody({ notes: 'x'.repeat(100 * 1024) })))
      expectCleanError(answer, 413)
      expect(await storedCount()).to.equal(before)
    })

    it('answers a body over the limit sent in chunks without Content-Length with 413', async () => {
      const answer = await new Promise<RawAnswer>((resolve, reject) => {
        const url = new URL(CREATE_PATH, stack.baseUrl)
        const request = httpRequest(
          { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent: false, headers: json },
          (response) => {
            const chunks: Buffer[] = []
            response.on('data', (chunk: Buffer) => chunks.push(chunk))
            response.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8')
              const headers = new Headers()
              headers.set('content-type', String(response.headers['content-type'] ?? ''))
              resolve({ status: response.statusCode ?? 0, headers, body: JSON.parse(text), text })
            })
          },
        )
        request.on('error', reject)
        const chunk = 'x'.repeat(10 * 1024)
        request.write('{"notes": "')
        for (let i = 0; i < 10; i += 1) request.write(chunk)
        request.end('"}')
      })
      expectCleanError(answer, 413)
    })

    it('answers Content-Type: text/plain with 415, code 4150', async () => {
      const answer = await postRaw(JSON.stringify(validBody()), {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'text/plain',
      })
      expectCleanError(answer, 415)
    })

    it('answers form and multipart content types with 415', async () => {
      for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml']) {
        const answer = await postRaw('clinic_id=clinic-a1', { Authorization: `Bearer ${token}`, 'Content-Type': type })
        expectCleanError(answer, 415)
      }
    })

    it('answers a body without a Content-Type with 415', async () => {
      const answer = await postRaw(JSON.stringify(validBody()), { Authorization: `Bearer ${token}` })
      expectCleanError(answer, 415)
    })

    it('answers an unsupported or corrupt Content-Encoding with a 4xx envelope', async () => {
      expectClean4xx(await postRaw(JSON.stringify(validBody()), { ...json, 'Content-Encoding': 'br2' }))
      expectClean4xx(await postRaw('not gzip at all', { ...json, 'Content-Encoding': 'gzip' }))
    })
  })

  describe('wrong types and sizes', () => {
    it('lists every field sent with the wrong type', async () => {
      const answer = await postRaw(
        JSON.stringify({
          clinic_id: 123,
          preferred_providers: { 0: 'prov-a1' },
          preferred_time_slots: [1, 2],
          preferred_days: true,
          date_range_start: 20300101,
          date_range_end: false,
          appointment_category_id: ['cat-eval'],
          appointment_category: 5,
          appointment_type: 7,
          payment_type: {},
          priority: '2',
          notes: 42,
        }),
      )
      expectCleanError(answer, 400)
      expect(fieldsOf(answer)).to.deep.equal([
        'clinic_id',
        'preferred_providers',
        'preferred_time_slots',
        'preferred_days',
        'date_range_start',
        'date_range_end',
        'appointment_category_id',
        'appointment_category',
        'appointment_type',
        'payment_type',
        'priority',
        'notes',
      ])
      expect(answer.body.message).to.equal(answer.body.errors[0].message)
    })

    it('lists every field sent with a second set of wrong types (booleans, arrays of numbers, objects)', async () => {
      const answer = await postRaw(
        JSON.stringify({
          clinic_id: true,
          preferred_providers: [1, 2, 3],
          preferred_time_slots: { MORNING: true },
          preferred_days: [0, 1],
          date_range_start: ['2030-01-01'],
          date_range_end: { year: 2030 },
          appointment_category_id: 2058,
          appointment_category: ['Physical Therapy'],
          appointment_type: { type: 'FOLLOW_UP' },
          payment_type: 1,
          priority: true,
          notes: ['note'],
        }),
      )
      expectCleanError(answer, 400)
      expect(fieldsOf(answer)).to.have.length(12)
    })

    it('answers 10,000-character ids with 400 naming each, not a 500', async () => {
      const long = 'a'.repeat(10_000)
      const before = await storedCount()
      const answer = await postRaw(
        JSON.stringify(validBody({ clinic_id: long, appointment_category_id: long, preferred_providers: [long] })),
      )
      expectCleanError(answer, 400)
      expect(fieldsOf(answer)).to.deep.equal(['clinic_id', 'preferred_providers', 'appointment_category_id'])
      expect(await storedCount()).to.equal(before)
    })

    it('answers a 10,000-character patient_id query parameter from staff with 400', async () => {
      const answer = await checkedCall(stack, 'POST', `${CREATE_PATH}?patient_id=${'p'.repeat(10_000)}`, {
        token: staffToken(),
        body: validBody(),
      })
      expectCleanError(answer, 400)
      expect(fieldsOf(answer)).to.deep.equal(['patient_id'])
    })

    it('answers a 10,000-character label and 2,001-character notes with 400', async () => {
      const answer = await postRaw(
        JSON.stringify(validBody({ appointment_category: 'L'.repeat(10_000), notes: 'n'.repeat(2_001) })),
      )
      expectCleanError(answer, 400)
      expect(fieldsOf(answer)).to.deep.equal(['appointment_category', 'notes'])
    })

    it('answers 5,000 levels of nested arrays, as the body and as a field, with a 4xx', async () => {
      const nested = `${'['.repeat(5_000)}${']'.repeat(5_000)}`
      expectClean4xx(await postRaw(nested))
      const inField = JSON.stringify(validBody()).replace('"notes":', `"notes":${nested},"was_notes":`)
      const answer = await postRaw(inField)
      expectClean4xx(answer)
      expect(fieldsOf(answer)).to.deep.equal(['notes'])
    })

    it('answers 5,000 levels of nested objects in an unknown field without trouble', async () => {
      const nested = `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`
      const answer = await postRaw(`{"deep":${nested},${JSON.stringify(validBody()).slice(1)}`)
      expect([201, 400, 413], answer.text).to.include(answer.status)
      expect(answer.text).not.to.match(LEAKS)
    })

    it('answers 30,000 levels of nesting (just under the body limit) with a 4xx, not a 500', async () => {
      const answer = await rawCall(
        stack,
        'POST',
        CREATE_PATH,
        { ...json },
        `${'['.repeat(30_000)}${']'.repeat(30_000)}`,
      )
      expectClean4xx(answer)
    })

    it('answers invalid UTF-8 bytes in the JSON structure with a 4xx', async () => {
      const body = Buffer.concat([Buffer.from('{"clinic_id": "clinic-a1", '), Buffer.from([0xff, 0xfe, 0xc3])])
      expectClean4xx(await postRaw(body))
    })

    it('answers invalid UTF-8 bytes inside a string value with a 4xx (they cannot be stored "exactly as sent")', async () => {
      const [head, tail] = JSON.stringify(validBody({ notes: 'SPLIT' })).split('SPLIT')
      const before = await storedCount()
      const body = Buffer.concat([
        Buffer.from(head ?? ''),
        Buffer.from([0xc3, 0x28, 0xff, 0xa0, 0xa1]),
        Buffer.from(tail ?? ''),
      ])
      const answer = await postRaw(body)
      expectClean4xx(answer)
      expect(await storedCount()).to.equal(before)
    })

    it('answers a NUL character in an id with 400 naming the field', async () => {
      const answer = await postRaw(JSON.stringify(validBody({ clinic_id: 'clinic-a1\u0000' })))
      expectCleanError(answer, 400)
      expect(fieldsOf(answer)).to.deep.equal(['clinic_id'])
    })

    it('either refuses a NUL character in notes (400 naming notes) or stores the notes exactly as sent', async () => {
      const notes = 'before\u0000after'
      const answer = await postRaw(JSON.stringify(validBody({ notes })))
      expect(answer.headers.get('content-type')).to.match(/^application\/json/)
      expect(answer.text).not.to.match(LEAKS)
      if (answer.status === 400) {
        expect(fieldsOf(answer)).to.deep.equal(['notes'])
        return
      }
      expect(answer.status, answer.text).to.equal(201)
      expect(answer.body.data.notes, 'notes as answered').to.equal(notes)
      const rows = await stack.sequelize.query<{ notes: string }>(
        'SELECT notes FROM waitlist_requests WHERE id = :id',
        { replacements: { id: answer.body.data.id }, type: QueryTypes.SELECT },
      )
      expect(rows[0]?.notes, 'notes as stored').to.equal(notes)
    })

    it('answers SQL-looking ids as unknown ids (400), leaving the table intact', async () => {
      const before = await storedCount()
      const answer = await postRaw(
        JSON.stringify(
          validBody({ clinic_id: "x';DROP_TABLE_waitlist_requests;--", appointment_category_id: "1'OR'1'='1" }),
        ),
      )
      expectCleanError(answer, 400)
      expect(await storedCount()).to.equal(before)
    })
  })

  describe('routes and methods', () => {
    it('answers PUT, DELETE and PATCH on the collection with 405, code 4050, and an Allow header naming POST', async () => {
      for (const method of ['PUT', 'DELETE', 'PATCH']) {
        const answer = await rawCall(stack, method, CREATE_PATH, json, JSON.stringify(validBody()))
        expectCleanError(answer, 405)
        expect(answer.headers.get('allow'), method).to.match(/\bPOST\b/)
      }
    })

    it('answers an unknown route with 404, code 4040', async () => {
      for (const path of ['/apis/v1/nothing-here', '/apis/v2/waitlist-requests', '/', '/..%2f..%2fetc%2fpasswd']) {
        const answer = await checkedCall(stack, 'GET', path, { token })
        expectCleanError(answer, 404)
      }
      const posted = await rawCall(stack, 'POST', '/apis/v1/waitlist-request', json, JSON.stringify(validBody()))
      expectCleanError(posted, 404)
    })

    it('answers a request id that is not a UUID, or an overlong one, with the 404 envelope', async () => {
      for (const id of ['not-a-uuid', "1'OR'1'='1", 'x'.repeat(5_000), '%00']) {
        const answer = await checkedCall(stack, 'GET', `${CREATE_PATH}/${encodeURIComponent(id)}`, { token })
        expectCleanError(answer, 404)
      }
    })

    it('still serves a valid request after all of the above (the process was not hurt)', async () => {
      const answer = await postRaw(JSON.stringify(validBody()))
      expect(answer.status, answer.text).to.equal(201)
      expect(answer.text).not.to.match(/node_modules|SELECT|INSERT/)
    })
  })
})
