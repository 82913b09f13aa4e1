import * as t from 'io-ts'
import * as E from 'fp-ts/Either'
import * as O from 'fp-ts/Option'
import jwt from 'jsonwebtoken'
import { Subject } from '../../shared/auth/actor'
import { Identifier } from '../../shared/codecs/identifier'

/** The cookie holding an admin's session, sent back only under /admin: never with the API's requests. */
export const SESSION_COOKIE = 'waitlist_admin_session'
export const SESSION_COOKIE_PATH = '/admin'

/** A session is no API token: an audience of its own, so neither passes for the other, even under one secret. */
const SESSION_AUDIENCE = 'waitlist-admin-session'

/** `view`: the dashboard read-only. `retry`: failed jobs may also be retried, after the admin confirmed it. */
export const SessionMode = t.keyof({ view: null, retry: null })
export type SessionMode = t.TypeOf<typeof SessionMode>

const AdminSession = t.type({ sub: Subject, org_id: Identifier, mode: SessionMode, iat: t.number, exp: t.number })
export type AdminSession = t.TypeOf<typeof AdminSession>

export interface AdminSessions {
  readonly ttlSeconds: number
  readonly issue: (admin: { readonly sub: string; readonly org_id: string }, mode: SessionMode) => string
  /** The session a cookie holds, if it is one of ours, unexpired, and no longer-lived than sessions are now. */
  readonly read: (cookie: string | undefined) => O.Option<AdminSession>
}

/** Sessions signed (HS256) with ADMIN_SESSION_SECRET, living ADMIN_SESSION_TTL_SECONDS. */
export const adminSessions = (secret: string, ttlSeconds: number): AdminSessions => ({
  ttlSeconds,
  issue: ({ sub, org_id }, mode) =>
    jwt.sign({ sub, org_id, mode }, secret, { algorithm: 'HS256', audience: SESSION_AUDIENCE, expiresIn: ttlSeconds }),
  read: (cookie) => {
    if (cookie === undefined || cookie === '') return O.none
    let claims: unknown
    try {
      claims = jwt.verify(cookie, secret, { algorithms: ['HS256'], audience: SESSION_AUDIENCE })
    } catch {
      return O.none
    }
    const session = AdminSession.decode(claims)
    return E.isRight(session) && session.right.exp - session.right.iat <= ttlSeconds ? O.some(session.right) : O.none
  },
})
