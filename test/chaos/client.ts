import { setTimeout as sleep } from 'node:timers/promises'
/** What one HTTP call got: a status, or 0 when no answer came (connection reset, timeout). */
export interface Answer {
  readonly status: number
  readonly headers: Headers | undefined
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read field by field and reconciled later
  readonly body: any
  readonly startedAt: number
  readonly endedAt: number
}

export interface Client {
  readonly send: (
    method: string,
    path: string,
    options: { readonly token: string; readonly body?: unknown; readonly headers?: Record<string, string> },
  ) => Promise<Answer>
}

/** A client gives up on an answer after this long: longer than any bounded wait of the service. */
const ANSWER_TIMEOUT_MS = 20_000
/** How long it keeps looking for an API process that takes connections, as a load balancer's retries would. */
const CONNECT_FOR_MS = 10_000

const refused = (error: unknown): boolean =>
  error instanceof Error && (error.cause as { code?: string } | undefined)?.code === 'ECONNREFUSED'

/**
 * HTTP to the API processes as a load balancer spreads it: each call to the next process in turn, and to another
 * when one refuses the connection (nothing was sent, so any call may go elsewhere). A call sent and then cut, or
 * left unanswered, is an answer of 0: the client cannot know what happened, and the records say so.
 */
export const balancedClient = (baseUrls: ReadonlyArray<string>): Client => {
  let next = 0
  return {
    send: async (method, path, { token, body, headers }) => {
      const startedAt = Date.now()
      const give = (status: number, answerHeaders?: Headers, parsed?: unknown): Answer => ({
        status,
        headers: answerHeaders,
        body: parsed,
        startedAt,
        endedAt: Date.now(),
      })
      for (;;) {
        const base = baseUrls[next++ % baseUrls.length] ?? ''
        try {
          const response = await fetch(`${base}${path}`, {
            method,
            headers: {
              Authorization: `Bearer ${token}`,
              ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
              ...headers,
            },
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
            signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS),
          })
          const text = await response.text()
          let parsed: unknown
          try {
            parsed = JSON.parse(text)
          } catch {
            parsed = undefined
          }
          return give(response.status, response.headers, parsed)
        } catch (error) {
          if (!refused(error) || Date.now() - startedAt > CONNECT_FOR_MS) return give(0)
          await sleep(100)
        }
      }
    },
  }
}
