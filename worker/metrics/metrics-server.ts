import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Logger } from 'pino'
import type { Registry } from 'prom-client'
import { mayReadMetrics } from '../../scripts/process-metrics'
import type { Stoppable } from '../../scripts/runtime'

export interface MetricsServer extends Stoppable {
  /** The port it listens on; 0 when it could not listen (the worker runs on without one). */
  readonly port: number
}

/**
 * A worker process's own `GET /metrics`, on a port of its own (WORKER_METRICS_PORT): a worker serves no other
 * HTTP. A port it cannot take (a second worker on one machine left at the default) costs the metrics only: the
 * worker logs it and works on, as its jobs matter more than its numbers.
 */
export const serveMetrics = async (
  registry: Registry,
  options: {
    readonly port: number
    readonly host: string
    readonly token: string | undefined
    readonly logger: Logger
  },
): Promise<MetricsServer> => {
  const server = createServer((request, response) => {
    const answer = (status: number, body: string, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers }).end(body)
    }
    if (request.method !== 'GET' || (request.url ?? '').split('?')[0] !== '/metrics') return answer(404, 'not found\n')
    if (!mayReadMetrics(request.headers.authorization, options.token))
      return answer(401, 'metrics are read with the metrics bearer token\n', { 'WWW-Authenticate': 'Bearer' })
    registry.metrics().then(
      (text) => answer(200, text, { 'Content-Type': registry.contentType }),
      (error: unknown) => {
        options.logger.error({ err: error }, 'metrics could not be collected')
        answer(500, 'metrics could not be collected\n')
      },
    )
  })
  const listening = await new Promise<boolean>((resolve) => {
    server.once('listening', () => resolve(true))
    server.once('error', (error) => {
      options.logger.warn(
        { err: error, port: options.port },
        'worker metrics not served: could not listen on WORKER_METRICS_PORT',
      )
      resolve(false)
    })
    server.listen(options.port, options.host)
  })
  if (!listening) return { port: 0, stop: () => Promise.resolve() }
  const port = (server.address() as AddressInfo).port
  options.logger.info({ host: options.host, port }, 'worker metrics listening')
  return {
    port,
    stop: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
