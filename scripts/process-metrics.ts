import { createHash, timingSafeEqual } from 'node:crypto'
import { collectDefaultMetrics, Registry } from 'prom-client'

/**
 * A process's metrics: its own registry (never prom-client's global one, so a test can run an API and a worker in
 * one process, each with its own), with Node's process metrics (CPU, memory, event loop lag, GC, handles). Only an
 * entry point makes one of these, once: the parts it starts add their metrics to it.
 */
export const processRegistry = (): Registry => {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  return registry
}

const digest = (text: string) => createHash('sha256').update(text).digest()

/**
 * Whether an `Authorization` header may read /metrics: anyone when no METRICS_TOKEN is configured, else only
 * `Bearer <METRICS_TOKEN>`, compared in constant time.
 */
export const mayReadMetrics = (authorization: string | undefined, token: string | undefined): boolean =>
  token === undefined || timingSafeEqual(digest(authorization ?? ''), digest(`Bearer ${token}`))
