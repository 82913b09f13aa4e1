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
  /** The answers to the first deliveries of every event not seen before, from now on (none: 'ok'). */
  readonly planNew: (answers: ReadonlyArray<Answer>) => void
  /** Every delivery so far, in the order they arrived. */
  readonly deliveries: () => ReadonlyArray<Received>
  readonly deliveriesOf: (eventId: string) => ReadonlyArray<Received>
  readonly stop: () => Promise<void>
}

/** A webhook receiver on a spare port of this machine, as an organization would run one. */
export const startWebhookReceiver = async (): Promise<WebhookReceiver> => {
  const received: Received[] = []
  const plans = new Map<string, Answer[]>()
  const seen = new Set<string>()
  let forNew: ReadonlyArray<Answer> = []
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const at = Date.now()
      const eventId = String(request.headers['x-event-id'])
      if (!seen.has(eventId) && !plans.has(eventId)) plans.set(eventId, [...forNew])
      seen.add(eventId)
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
    planNew: (answers) => {
      forNew = [...answers]
    },
    deliveries: () => [...received],
    deliveriesOf: (eventId) => received.filter((delivery) => delivery.headers['x-event-id'] === eventId),
    stop: () =>
      new Promise<void>((closed) => {
        server.closeAllConnections()
        server.close(() => closed())
      }),
  }
}

/** A delivered body without its offer links, whose random tokens may spell anything a test looks for. */
export const withoutLinks = (body: string): string => body.replace(/"link":"[^"]*"/g, '"link":""')
