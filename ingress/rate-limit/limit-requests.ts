import * as E from 'fp-ts/Either'
import type { Middleware } from 'koa'
import { refuse } from '../../shared/errors/refusal'
import type { VerifyToken } from '../auth/verify-token'
import { answerRefusal } from '../http/answers'
import type { ApiMetrics } from '../metrics/api-metrics'
import { verifiedCaller } from '../middleware/authenticate'
import type { RateLimits } from './rate-limits'

/** Probes and scrapers call these often by design, and must still answer while a limit is reached. */
const UNLIMITED_PATHS: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/metrics'])

const WHO = { user: 'this caller', ip: 'this address' } as const

/**
 * Counts every request against its client address and, when its token verifies, its caller, before any route
 * runs; over a limit it is answered 429 with `Retry-After` (docs/api.md#429-too-many-requests). A token that does
 * not verify counts against the address only, so nobody can spend another caller's allowance.
 */
export const limitRequests =
  (limits: RateLimits, verify: VerifyToken, metrics: ApiMetrics): Middleware =>
  async (ctx, next) => {
    if (UNLIMITED_PATHS.has(ctx.path)) {
      await next()
      return
    }
    const caller = verifiedCaller(ctx, verify)
    const verdict = await limits.admit({
      ip: ctx.ip,
      actor: caller !== undefined && E.isRight(caller) ? caller.right : undefined,
    })
    if (verdict.kind === 'unchecked') metrics.rateLimitsUnchecked.inc()
    if (verdict.kind !== 'limited') {
      await next()
      return
    }
    metrics.rateLimited.inc({ limit: verdict.limit })
    const seconds = verdict.retryAfterSeconds
    const message = `too many requests from ${WHO[verdict.limit]}: try again in ${seconds} seconds`
    answerRefusal(ctx, refuse('rate_limited')([{ field: verdict.limit, message }]), { 'Retry-After': String(seconds) })
  }
