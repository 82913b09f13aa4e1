import Koa from 'koa'
import Router from '@koa/router'
import type { Middleware } from 'koa'
import type { Logger } from 'pino'
import type { Registry } from 'prom-client'
import { errorEnvelopeMiddleware } from './middleware/error-envelope'
import { authenticate, type AuthenticatedState } from './middleware/authenticate'
import { jsonBody } from './middleware/json-body'
import { optionsInEnvelope } from './middleware/options-answer'
import { singleHeaders } from './middleware/single-headers'
import { requestLog } from './middleware/request-log'
import { createWaitlistRequest } from './routes/create-waitlist-request'
import { WAITLIST_REQUESTS_PATH } from './routes/waitlist-request-paths'
import { liveness, readiness, type DependencyCheck } from './routes/health'
import { readWaitlistRequest } from './routes/read-waitlist-request'
import { registerLifecycleRoutes, type WaitlistReads } from './routes/lifecycle-routes'
import { registerOpeningRoutes, type OpeningReads } from './routes/opening-routes'
import { registerOfferRoutes } from './routes/offer-routes'
import type { OfferReads } from './routes/read-offers'
import type { OpeningOfferReads } from './routes/read-openings'
import { registerOfferPage, type OfferPageDependencies } from './offer-page/offer-page-routes'
import type { VerifyToken } from './auth/verify-token'
import type { JobClient } from './queue/job-client'
import { readCreateOutcome } from './queue/create-job-outcome'
import { registerApiDocs } from './openapi/api-docs-routes'
import type { IdempotencyStore } from './idempotency/idempotency-store'
import type { ApiMetrics } from './metrics/api-metrics'
import { metricsEndpoint } from './metrics/metrics-endpoint'
import { observeRequests } from './metrics/observe-requests'
import type { RateLimits } from './rate-limit/rate-limits'
import { limitRequests } from './rate-limit/limit-requests'
import type { QueueDashboard } from './admin/queue-dashboard'
import { fhirAnswers } from './fhir/fhir-answers'
import { waitlistRequestInFhir } from './fhir/waitlist-forms'

export interface AppDependencies {
  readonly logger: Logger
  readonly verifyToken: VerifyToken
  readonly jobs: JobClient
  readonly idempotency: IdempotencyStore
  readonly reads: WaitlistReads
  readonly openings: OpeningReads
  readonly offers: OfferReads & OpeningOfferReads
  readonly offerPage: Pick<OfferPageDependencies, 'linkSecret' | 'publicBaseUrl' | 'findLinkedOffer'>
  readonly dependencyChecks: Record<string, DependencyCheck>
  readonly dependencyTimeoutMs: number
  readonly bodyLimitBytes: number
  /** Marks answers `Connection: close` once the server is stopping. */
  readonly draining: Middleware
  /** The worker processes consuming each queue, for /readyz. */
  readonly workerCounts: () => Promise<Readonly<Record<string, number>>>
  /** The process's metrics registry (served at /metrics), the API's own metrics in it, and who may read it. */
  readonly metrics: { readonly registry: Registry; readonly api: ApiMetrics; readonly token: string | undefined }
  readonly rateLimits: RateLimits
  /** Proxies in front that append to X-Forwarded-For (0: the connection's address is the client's). */
  readonly trustedProxyHops: number
  /** Bull Board at /admin/queues for ADMIN sessions; none without ADMIN_SESSION_SECRET in production. */
  readonly queueDashboard?: QueueDashboard
}

/** Every route the service serves; the OpenAPI document lists the same (test/unit/openapi-routes.test.ts). */
export const createRouter = (deps: AppDependencies): Router<AuthenticatedState> => {
  const router = new Router<AuthenticatedState>()
  router.get('/healthz', liveness)
  router.get('/readyz', readiness(deps.dependencyChecks, deps.dependencyTimeoutMs, deps.workerCounts))
  router.get('/metrics', metricsEndpoint(deps.metrics.registry, deps.metrics.token))
  router.post(
    WAITLIST_REQUESTS_PATH,
    authenticate(deps.verifyToken),
    ...jsonBody(deps.bodyLimitBytes),
    createWaitlistRequest(deps.jobs, deps.idempotency, deps.reads.findRequest),
  )
  router.get(
    `${WAITLIST_REQUESTS_PATH}/:id`,
    ...waitlistRequestInFhir,
    authenticate(deps.verifyToken),
    readWaitlistRequest(deps.reads.findRequest, readCreateOutcome(deps.jobs)),
  )
  registerLifecycleRoutes(router, deps)
  registerOpeningRoutes(router, deps)
  registerOfferRoutes(router, deps)
  registerOfferPage(router, { ...deps.offerPage, jobs: deps.jobs, logger: deps.logger })
  deps.queueDashboard?.registerRoutes(router)
  registerApiDocs(router)
  return router
}

export const createApp = (deps: AppDependencies): Koa => {
  const app = new Koa()
  // The top-level middleware answers every error; Koa's own printer would only duplicate it in the log.
  app.silent = true
  // The client's address (for the per-IP limit) is the one the nearest trusted proxy saw, never one a client wrote.
  app.proxy = deps.trustedProxyHops > 0
  app.maxIpsCount = deps.trustedProxyHops

  const router = createRouter(deps)
  app.use(deps.draining)
  app.use(requestLog(deps.logger))
  app.use(observeRequests(deps.metrics.api, router))
  app.use(fhirAnswers(deps.logger))
  app.use(errorEnvelopeMiddleware(deps.logger))
  app.use(singleHeaders)
  app.use(limitRequests(deps.rateLimits, deps.verifyToken, deps.metrics.api))
  if (deps.queueDashboard !== undefined) app.use(deps.queueDashboard.gate)
  app.use(router.routes())
  app.use(optionsInEnvelope)
  app.use(router.allowedMethods())
  return app
}
