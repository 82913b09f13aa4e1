import { expect } from 'chai'
import { call, CREATE_PATH, createRequest, type ApiAnswer, type TestStack } from './stack'
import { validBody } from './fixtures'

/** Files a request (by default pat-a1's, at clinic-a1) and returns its payload; fails the test if it is not created. */
export const filed = async (
  stack: Pick<TestStack, 'baseUrl'>,
  token: string,
  overrides: Record<string, unknown> = {},
  query = '',
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON answer, read as ApiAnswer.body is
): Promise<Record<string, any>> => {
  const answer = await createRequest(stack, token, validBody(overrides), query)
  expect(answer.status, answer.text).to.equal(201)
  return answer.body.data
}

export const pathOf = (id: string) => `${CREATE_PATH}/${id}`

/** The ETag of a request as GET returns it. */
export const etagOf = async (stack: Pick<TestStack, 'baseUrl'>, token: string, id: string): Promise<string> => {
  const answer = await call(stack, 'GET', pathOf(id), { token })
  expect(answer.status, answer.text).to.equal(200)
  return answer.headers.get('etag') ?? ''
}

export const patch = (
  stack: Pick<TestStack, 'baseUrl'>,
  token: string,
  id: string,
  body: unknown,
  ifMatch?: string,
): Promise<ApiAnswer> =>
  call(stack, 'PATCH', pathOf(id), { token, body, headers: ifMatch === undefined ? {} : { 'If-Match': ifMatch } })

export const cancel = (
  stack: Pick<TestStack, 'baseUrl'>,
  token: string,
  id: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiAnswer> =>
  call(stack, 'POST', `${pathOf(id)}/cancel`, { token, ...(body === undefined ? {} : { body }), headers })

export const booking = { appointment_id: 'appt-1001', appointment_start: '2026-12-01T09:30:00-05:00' }

export const fulfill = (
  stack: Pick<TestStack, 'baseUrl'>,
  token: string,
  id: string,
  body: unknown = booking,
  headers: Record<string, string> = {},
): Promise<ApiAnswer> => call(stack, 'POST', `${pathOf(id)}/fulfill`, { token, body, headers })

export const historyOf = (stack: Pick<TestStack, 'baseUrl'>, token: string, id: string): Promise<ApiAnswer> =>
  call(stack, 'GET', `${pathOf(id)}/history`, { token })

export const list = (stack: Pick<TestStack, 'baseUrl'>, token: string, query = ''): Promise<ApiAnswer> =>
  call(stack, 'GET', `${CREATE_PATH}${query}`, { token })
