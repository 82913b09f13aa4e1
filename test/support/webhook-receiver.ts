import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

/** How the receiver answers one delivery: 204, 500, or never (the sender's timeout ends it). */
type Answer = 'ok' | 'fail' | 'hang'

interface Received {
  readonly headers: IncomingHttpHeaders
  /** The body exactly as it arrived, as a signature is checked. */
  readonly body: string
  readonly answer: Answer
  /** When it arrived (ms since the epoch), to see the sender's backoff. */
  readonly at: number
}

export interface WebhookReceiver {
  readonly url: string
  /** The answers to the next deliveries of one event, in order; past them, and for any other event, 'ok'. */
  readonly plan: (eventId: string, answers: ReadonlyArray<Answer>) => void
  readonly deliveriesOf: (eventId: string) => ReadonlyArray<Received>
  readonly stop: () => Promise<void>
}

/** A webhook receiver on a spare port of this machine, as an organization would run one. */
export const startWebhookReceiver = async (): Promise<WebhookReceiver> => {
  const received: Received[] = []
  const plans = new Map<string, Answer[]>()
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const at = Date.now()
      const eventId = String(request.headers['x-event-id'])
      const answer = plans.get(eventId)?.shift() ?? 'ok'
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), answer, at })
      if (answer !== 'hang') response.writeHead(answer === 'ok' ? 204 : 500).end()
    })
  })
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hooks/waitlist`,
    plan: (eventId, answers) => plans.set(eventId, [...answers]),
    deliveriesOf: (eventId) => received.filter((delivery) => delivery.headers['x-event-id'] === eventId),
    stop: () =>
      new Promise<void>((closed) => {
        server.closeAllConnections()
        server.close(() => closed())
      }),
  }
}
