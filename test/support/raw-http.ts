import { connect } from 'node:net'

export interface RawHttpAnswer {
  readonly status: number
  /** Header names in lower case; a repeated header keeps its last value. */
  readonly headers: ReadonlyMap<string, string>
  readonly text: string
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON answer, read as ApiAnswer.body is
  readonly body: any
}

/**
 * Writes `request` byte for byte on a fresh TCP connection and reads the one
 * answer until the server closes the connection (send `Connection: close`): for what no HTTP client will
 * send (a malformed request line, a 20 KB URL, a header twice).
 */
export const rawHttp = (baseUrl: string, request: string): Promise<RawHttpAnswer> =>
  new Promise((resolve, reject) => {
    const url = new URL(baseUrl)
    const socket = connect({ host: url.hostname, port: Number(url.port) })
    const chunks: Buffer[] = []
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    socket.on('error', reject)
    socket.on('close', () => {
      const raw = Buffer.concat(chunks).toString('utf8')
      const split = raw.indexOf('\r\n\r\n')
      const head = split === -1 ? raw : raw.slice(0, split)
      const text = split === -1 ? '' : raw.slice(split + 4)
      const [statusLine = '', ...headerLines] = head.split('\r\n')
      const headers = new Map(
        headerLines.map((line) => {
          const colon = line.indexOf(':')
          return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()] as const
        }),
      )
      let body: unknown
      try {
        body = JSON.parse(text)
      } catch {
        body = undefined
      }
      resolve({ status: Number(statusLine.split(' ')[1] ?? 0), headers, text, body })
    })
    // Written, not ended: a client's half-close makes Node abort a request still being answered.
    socket.write(request)
  })
