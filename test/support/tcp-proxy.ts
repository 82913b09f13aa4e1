import { createServer, connect, type Server, type Socket } from 'node:net'

export interface TcpProxy {
  readonly port: number
  /** Drops every connection and refuses new ones: the server behind is unreachable. */
  readonly cut: () => Promise<void>
  readonly restore: () => Promise<void>
  readonly close: () => Promise<void>
}

/**
 * A loopback TCP relay in front of a shared server (PostgreSQL): cutting it
 * makes that server unreachable for whoever connects through the relay, while
 * the server itself, and everyone else using it, carries on untouched.
 */
export const startTcpProxy = async (targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> => {
  const sockets = new Set<Socket>()
  const track = (socket: Socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  }
  const relay = (client: Socket) => {
    const upstream = connect(targetPort, targetHost)
    track(client)
    track(upstream)
    client.pipe(upstream).pipe(client)
    client.on('error', () => upstream.destroy())
    upstream.on('error', () => client.destroy())
  }
  let server: Server = createServer(relay)
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => {
        const address = server.address()
        resolve(typeof address === 'object' && address !== null ? address.port : port)
      })
    })
  const port = await listen(0)
  const cut = async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve())
      for (const socket of sockets) socket.destroy()
    })
  }
  return {
    port,
    cut,
    restore: async () => {
      server = createServer(relay)
      await listen(port)
    },
    close: cut,
  }
}
