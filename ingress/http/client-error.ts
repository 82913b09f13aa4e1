import { randomUUID } from 'node:crypto'
import { STATUS_CODES, type Server } from 'node:http'
import type { Duplex } from 'node:stream'
import type { Logger } from 'pino'
import { ANSWER_HEADERS, statusAnswer } from './answers'

/** Node's own choice of status for each refusal of its parser, kept; any other refusal is a 400. */
const REFUSALS: Readonly<Record<string, { readonly status: number; readonly message: string }>> = {
  HPE_HEADER_OVERFLOW: { status: 431, message: 'request line and headers are too large' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, message: 'request not received in time' },
}
const MALFORMED = { status: 400, message: 'malformed HTTP request' }

/** Whether an answer to the request this socket carried has already begun (then no second one can be written). */
const answering = (socket: Duplex): boolean =>
  (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true

/**
 * What Node's HTTP parser refuses (a 20 KB URL, a header without a colon, a
 * bad chunk) never reaches Koa: Node would answer a bare `400 Bad Request`
 * with no body. This answers it in the envelope instead, built by answers.ts
 * like every other, and closes the connection, as the stream can no longer
 * be trusted. The log line has the parser's code only: the raw bytes it
 * refused may hold a token or a patient's data.
 */
export const answerClientErrors = (server: Server, logger: Logger): void => {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable || answering(socket)) {
      socket.destroy()
      return
    }
    const { status, message } = REFUSALS[error.code ?? ''] ?? MALFORMED
    const requestId = randomUUID()
    logger.info({ requestId, code: error.code, status }, 'request refused by the HTTP parser')
    const body = JSON.stringify(statusAnswer(status, message).body)
    socket.end(
      [
        `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
        'Content-Type: application/json; charset=utf-8',
        `Content-Length: ${Buffer.byteLength(body)}`,
        ...Object.entries(ANSWER_HEADERS).map(([name, value]) => `${name}: ${value}`),
        `X-Request-Id: ${requestId}`,
        'Connection: close',
        '',
        body,
      ].join('\r\n'),
    )
  })
}
