import { Queue } from 'bullmq'
import type { RedisClient } from '../../scripts/redis-connection'
import type { Middleware, ParameterizedContext } from 'koa'
import * as O from 'fp-ts/Option'
import { EVENTS_QUEUE_NAME, IMPORT_QUEUE_NAME, QUEUE_NAME } from '../../shared/queue/waitlist-queue'
import { signInPage } from './admin-pages'
import { SESSION_COOKIE, type AdminSession, type SessionMode } from './admin-session'
import type Router from '@koa/router'
import {
  answerPage,
  fromAnotherSite,
  registerAdminSessionRoutes,
  type AdminSessionDependencies,
} from './admin-session-routes'
import { BOARD_PATH, queueBoard } from './queue-board'

export interface QueueDashboard {
  /** Adds the sign-in page, the session it starts (/admin/session) and signing out (/admin/sign-out). */
  readonly registerRoutes: <S>(router: Router<S>) => void
  /** Answers everything under /admin/queues, to a session or with the sign-in page; passes any other request on. */
  readonly gate: Middleware
  readonly close: () => Promise<void>
}

/**
 * The board's own page and assets, all from this origin: its scripts and styles (inline styles too: React sets
 * them), images and API; nothing from another site (Bull Board's page links a web font, removed below), no frame.
 */
const BOARD_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; '),
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'same-origin',
  'X-Robots-Tag': 'noindex, nofollow',
}

/** Bull Board's page asks a font CDN for its typeface: the machine may have no internet, and an admin's view no leak. */
const FONT_CDN_LINK = /<link[^>]*fonts\.googleapis\.com[^>]*>\s*/g

/** What the board's API may be asked beyond reading, by the board's paths: retries of failed jobs, nothing else. */
const RETRY_ONE = /^\/api\/queues\/([^/]+)\/([^/]+)\/retry$/
const RETRY_ALL_FAILED = /^\/api\/queues\/([^/]+)\/retry\/failed$/
/** Reads that would show what the job summaries leave out: job logs, and flows (this service adds none). */
const UNSHOWN_READS = /^\/api\/queues\/[^/]+\/[^/]+\/(?:logs|flow)$/

const segment = (raw: string | undefined): string | undefined => {
  try {
    return raw === undefined ? undefined : decodeURIComponent(raw)
  } catch {
    return undefined
  }
}

/**
 * Why the gate refuses this request of a session, or undefined when the board may answer it: reads (less the
 * above), and in a `retry` session a retry of one failed job or of a queue's failed jobs, posted from the board.
 */
const refusal = async (
  ctx: ParameterizedContext,
  session: AdminSession,
  queues: ReadonlyMap<string, Queue>,
  publicBaseUrl: string,
): Promise<string | undefined> => {
  const path = ctx.path.slice(BOARD_PATH.length)
  if (ctx.method === 'GET' || ctx.method === 'HEAD') {
    return UNSHOWN_READS.test(path) ? 'job logs and flows are not shown on this dashboard' : undefined
  }
  if (fromAnotherSite(ctx, publicBaseUrl)) return "a change from another site's page is not taken"
  if (session.mode !== 'retry') return 'this session is read-only: sign in again with retries to retry a job'
  if (ctx.method !== 'PUT') return 'only failed jobs may be retried from this dashboard'
  const all = RETRY_ALL_FAILED.exec(path)
  if (all !== null && queues.has(segment(all[1]) ?? '')) return undefined
  const one = RETRY_ONE.exec(path)
  const queue = queues.get(segment(one?.[1]) ?? '')
  const jobId = segment(one?.[2])
  if (queue !== undefined && jobId !== undefined && (await queue.getJobState(jobId)) === 'failed') return undefined
  return 'only failed jobs may be retried from this dashboard'
}

/**
 * Bull Board at /admin/queues for ADMIN sessions only (docs/permissions.md#the-queue-dashboard): the waitlist
 * queue, the events queue and the import queue under this deployment's QUEUE_PREFIX. Without a valid session every
 * path under it, assets included, answers the sign-in page with 401.
 */
export const createQueueDashboard = (
  deps: AdminSessionDependencies & { readonly connection: RedisClient; readonly prefix: string },
): QueueDashboard => {
  const queues = new Map(
    [QUEUE_NAME, EVENTS_QUEUE_NAME, IMPORT_QUEUE_NAME].map((name) => [
      name,
      new Queue(name, { connection: deps.connection, prefix: deps.prefix }),
    ]),
  )
  const boards: Record<SessionMode, Middleware> = {
    view: queueBoard([...queues.values()], 'view'),
    retry: queueBoard([...queues.values()], 'retry'),
  }
  const gate: Middleware = async (ctx, next) => {
    if (!ctx.path.startsWith(BOARD_PATH)) {
      await next()
      return
    }
    const session = deps.sessions.read(ctx.cookies.get(SESSION_COOKIE))
    if (O.isNone(session)) {
      return answerPage(ctx, 401, signInPage(deps.sessions.ttlSeconds, 'Sign in to open the dashboard.'))
    }
    ctx.set(BOARD_HEADERS)
    const refused = await refusal(ctx, session.value, queues, deps.publicBaseUrl)
    if (refused !== undefined) {
      ctx.status = 403
      ctx.body = { error: refused }
      return
    }
    if (ctx.method === 'PUT') {
      deps.logger.info({ admin: session.value.sub, path: ctx.path }, 'admin retried jobs from the dashboard')
    }
    await boards[session.value.mode](ctx, next)
    if (typeof ctx.body === 'string' && ctx.response.is('html')) ctx.body = ctx.body.replace(FONT_CDN_LINK, '')
  }
  return {
    registerRoutes: (router) => registerAdminSessionRoutes(router, deps),
    gate,
    close: async () => {
      await Promise.all([...queues.values()].map((queue) => queue.close()))
    },
  }
}
