import { expect } from 'chai'
import type { TestStack } from './stack'
import { staffToken } from './tokens'

export const SESSION_PATH = '/admin/session'
const BOARD_PATH = '/admin/queues'

/** An ADMIN token of org-a, as the API takes it. */
export const adminToken = (sub = 'admin-1'): string => staffToken('org-a', 'ADMIN', sub)

/** `POST /admin/session` as a script sends it (a bearer header) or the sign-in form does (its fields), unfollowed. */
export const postSession = (
  stack: Pick<TestStack, 'baseUrl'>,
  options: { token?: string; form?: Record<string, string>; headers?: Record<string, string> },
): Promise<Response> =>
  fetch(`${stack.baseUrl}${SESSION_PATH}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      ...(options.token === undefined ? {} : { Authorization: `Bearer ${options.token}` }),
      ...(options.form === undefined ? {} : { 'Content-Type': 'application/x-www-form-urlencoded' }),
      ...options.headers,
    },
    ...(options.form === undefined ? {} : { body: new URLSearchParams(options.form).toString() }),
  })

/** The `name=value` of the session cookie an answer set, for a Cookie header; fails the test without one. */
export const sessionCookie = (answer: Response): string => {
  const [cookie] = answer.headers.getSetCookie()
  expect(cookie, 'a session cookie').to.match(/^waitlist_admin_session=[^;]+/)
  return cookie!.split(';')[0]!
}

/** A session of an ADMIN token: the cookie to send back. */
export const adminSession = async (
  stack: Pick<TestStack, 'baseUrl'>,
  form: Record<string, string> = {},
  token = adminToken(),
): Promise<string> => {
  const answer = await postSession(stack, { token, form })
  expect(answer.status, await answer.text()).to.equal(303)
  return sessionCookie(answer)
}

/** A request under /admin/queues with a cookie (or none), as the board's page makes it. */
export const board = (
  stack: Pick<TestStack, 'baseUrl'>,
  path: string,
  cookie?: string,
  init: { method?: string; headers?: Record<string, string> } = {},
): Promise<Response> =>
  fetch(`${stack.baseUrl}${BOARD_PATH}${path}`, {
    method: init.method ?? 'GET',
    redirect: 'manual',
    headers: { ...(cookie === undefined ? {} : { Cookie: cookie }), ...init.headers },
  })
