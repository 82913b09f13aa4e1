import { Counter, Histogram, type Registry } from 'prom-client'

/**
 * What the API counts as it answers. Labels hold route patterns, methods, statuses and limit names only: never an
 * id, a path as sent or anything a caller wrote, so no patient data and no unbounded series.
 */
export const createApiMetrics = (registry: Registry) => ({
  requestDuration: new Histogram({
    name: 'waitlist_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route pattern (unmatched for unknown paths) and status',
    labelNames: ['method', 'route', 'status'] as const,
    // Up to past JOB_WAIT_TIMEOUT_MS (10 s by default): a create that waited its whole time for a 202 shows there.
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30],
    registers: [registry],
  }),
  createOutcomes: new Counter({
    name: 'waitlist_create_outcomes_total',
    help: 'Answers to POST /apis/v1/waitlist-requests by status (201 created, 202 accepted, 400 refused, 503, …)',
    labelNames: ['status'] as const,
    registers: [registry],
  }),
  rateLimited: new Counter({
    name: 'waitlist_rate_limited_total',
    help: 'Requests answered 429, by the limit they met (user or ip)',
    labelNames: ['limit'] as const,
    registers: [registry],
  }),
  rateLimitsUnchecked: new Counter({
    name: 'waitlist_rate_limit_unchecked_total',
    help: 'Requests admitted without a count because Redis did not answer the rate limiter (it fails open)',
    registers: [registry],
  }),
})

export type ApiMetrics = ReturnType<typeof createApiMetrics>
