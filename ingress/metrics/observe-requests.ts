import type { RouterContext } from '@koa/router'
import type { Middleware, ParameterizedContext } from 'koa'
import { WAITLIST_REQUESTS_PATH } from '../routes/waitlist-request-paths'
import type { ApiMetrics } from './api-metrics'

interface RouteLayer {
  readonly path: string | RegExp
  readonly methods: ReadonlyArray<string>
}

/** What is used of the router, whatever its state type: which layers a path, and a path and method, match. */
interface RouteMatcher {
  readonly match: (
    path: string,
    method: string,
  ) => { readonly path: ReadonlyArray<RouteLayer>; readonly pathAndMethod: ReadonlyArray<RouteLayer> }
}

/** The last route (a layer with methods, not a `use`) among matched layers: the one the router runs. */
const lastRoute = (layers: ReadonlyArray<RouteLayer>) => [...layers].reverse().find((layer) => layer.methods.length > 0)

/**
 * The pattern a request is counted under: the route it ran (`/apis/v1/waitlist-requests/:id`, never the id), else
 * the one it would have run (a request refused before routing, such as a 429), else the pattern whose path it
 * matched without its method (a 405), else `unmatched`, so unknown paths make no series of their own.
 */
const routeOf = (ctx: ParameterizedContext, router: RouteMatcher): string => {
  const ran = (ctx as Partial<RouterContext>)._matchedRoute
  if (ran !== undefined) return String(ran)
  const matched = router.match(ctx.path, ctx.method)
  const layer = lastRoute(matched.pathAndMethod) ?? lastRoute(matched.path)
  return layer === undefined ? 'unmatched' : String(layer.path)
}

/**
 * Times every answer by method, route pattern and status, and counts the create's outcomes. Placed outside the
 * error middleware, so the status it records is the one the client got.
 */
export const observeRequests =
  (metrics: ApiMetrics, router: RouteMatcher): Middleware =>
  async (ctx, next) => {
    const stop = metrics.requestDuration.startTimer()
    try {
      await next()
    } finally {
      const route = routeOf(ctx, router)
      const status = String(ctx.status)
      stop({ method: ctx.method, route, status })
      if (ctx.method === 'POST' && route === WAITLIST_REQUESTS_PATH) metrics.createOutcomes.inc({ status })
    }
  }
