import type Router from '@koa/router'
import * as E from 'fp-ts/Either'
import { koaBody } from 'koa-body'
import type { Middleware, ParameterizedContext } from 'koa'
import type { Logger } from 'pino'
import type { VerifyToken } from '../auth/verify-token'
import { bearerToken } from '../middleware/authenticate'
import { isCrossSitePost } from '../offer-page/cross-site'
import type { Html } from '../offer-page/html'
import { PAGE_HEADERS } from '../offer-page/page-layout'
import { notAdminPage, signInPage } from './admin-pages'
import { SESSION_COOKIE, SESSION_COOKIE_PATH, SessionMode, type AdminSessions } from './admin-session'
import { BOARD_PATH, SIGN_OUT_PATH } from './queue-board'

const SESSION_PATH = '/admin/session'

export interface AdminSessionDependencies {
  readonly sessions: AdminSessions
  readonly verifyToken: VerifyToken
  /** PUBLIC_BASE_URL: a post from there is the sign-in page's own, as is one from the request's own origin. */
  readonly publicBaseUrl: string
  readonly logger: Logger
}

export const answerPage = (ctx: ParameterizedContext, status: number, page: Html): void => {
  ctx.set(PAGE_HEADERS)
  ctx.status = status
  ctx.body = page.text
}

/** Whether a browser says this post or change comes from another site's page (offer-page/cross-site.ts). */
export const fromAnotherSite = (ctx: ParameterizedContext, publicBaseUrl: string): boolean =>
  isCrossSitePost({ secFetchSite: ctx.get('Sec-Fetch-Site'), origin: ctx.get('Origin') }, [
    new URL(publicBaseUrl).origin,
    ctx.origin,
  ])

/** The form's fields (or none: a script may send the token as a bearer header and nothing else). */
const formField = (ctx: ParameterizedContext, name: string): string | undefined => {
  const value = (ctx.request as { body?: Record<string, unknown> }).body?.[name]
  return typeof value === 'string' ? value.trim() : undefined
}

/**
 * `POST /admin/session`: an ADMIN token, from the sign-in form's `token` field or an `Authorization: Bearer`
 * header, becomes a session cookie (HttpOnly, SameSite=Strict, Path=/admin, Secure over https) that lives
 * ADMIN_SESSION_TTL_SECONDS, and the answer is a 303 to the board. `mode=retry` asks for retries and must come with
 * `confirm_retries=yes`. Any other token gets the sign-in page again (401) or a refusal (403), and no cookie.
 */
const startSession =
  (deps: AdminSessionDependencies): Middleware =>
  (ctx) => {
    const again = (status: number, notice: string) =>
      answerPage(ctx, status, signInPage(deps.sessions.ttlSeconds, notice))
    if (fromAnotherSite(ctx, deps.publicBaseUrl)) return again(403, "A sign-in from another site's page is not taken.")
    const token = bearerToken(ctx.get('Authorization') || undefined) ?? formField(ctx, 'token')
    if (token === undefined || token === '') return again(401, 'Paste an ADMIN token.')
    const actor = deps.verifyToken(token)
    if (E.isLeft(actor)) return again(401, `That token was not accepted: ${actor.left.message}.`)
    if (actor.right.role !== 'ADMIN') return answerPage(ctx, 403, notAdminPage())
    const mode = SessionMode.decode(formField(ctx, 'mode') ?? 'view')
    if (E.isLeft(mode)) return again(400, 'mode must be view or retry.')
    if (mode.right === 'retry' && formField(ctx, 'confirm_retries') !== 'yes') {
      return again(400, 'To open the dashboard with retries, tick the box that says you mean to.')
    }
    ctx.cookies.set(SESSION_COOKIE, deps.sessions.issue(actor.right, mode.right), {
      httpOnly: true,
      sameSite: 'strict',
      secure: ctx.secure,
      path: SESSION_COOKIE_PATH,
      maxAge: deps.sessions.ttlSeconds * 1000,
      overwrite: true,
    })
    // Who opened the queues of every organization, and whether to change them: ids and words only.
    deps.logger.info({ admin: actor.right.sub, org_id: actor.right.org_id, mode: mode.right }, 'admin session started')
    ctx.status = 303
    ctx.set('Location', `${BOARD_PATH}/`)
  }

const signOut: Middleware = (ctx) => {
  ctx.cookies.set(SESSION_COOKIE, null, { path: SESSION_COOKIE_PATH, overwrite: true })
  ctx.status = 303
  ctx.set('Location', SESSION_PATH)
}

/** The sign-in page, the session it starts, and signing out (the board's own "Sign out" link). */
export const registerAdminSessionRoutes = <S>(router: Router<S>, deps: AdminSessionDependencies): void => {
  router.get(SESSION_PATH, (ctx) => answerPage(ctx, 200, signInPage(deps.sessions.ttlSeconds)))
  router.post(
    SESSION_PATH,
    koaBody({ urlencoded: true, json: false, text: false, multipart: false, formLimit: 16 * 1024 }),
    startSession(deps),
  )
  router.get(SIGN_OUT_PATH, signOut)
}
