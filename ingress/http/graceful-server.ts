import { once } from 'node:events'
import type { Server } from 'node:http'
import type { Middleware } from 'koa'

export interface Draining {
  /** Koa middleware: once draining, every answer carries `Connection: close`, so no client reuses the socket. */
  readonly middleware: Middleware
  /**
   * Stops taking connections, closes the idle keep-alive sockets, answers every request in flight (each with
   * `Connection: close`), and resolves once every socket has ended.
   */
  readonly drain: (server: Server) => Promise<void>
}

/**
 * What `server.close()` alone does not do: a keep-alive socket that is busy when it is called stays open and may
 * carry the client's next request after the job client has closed, which then never gets an answer.
 */
export const draining = (): Draining => {
  let stopping = false
  return {
    middleware: async (ctx, next) => {
      try {
        await next()
      } finally {
        if (stopping) ctx.set('Connection', 'close')
      }
    },
    drain: async (server) => {
      stopping = true
      const closed = once(server, 'close')
      server.close()
      server.closeIdleConnections()
      await closed
    },
  }
}
