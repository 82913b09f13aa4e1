import autocannon from 'autocannon'
import { percentile } from '../../test/support/percentiles'

/** One level of load: how much got through, how fast, and how much failed. */
export interface LoadFigures {
  readonly concurrency: number
  readonly requests: number
  readonly requestsPerSecond: number
  readonly p50: number
  readonly p90: number
  readonly p99: number
  /** Connection errors, timeouts and every answer but the expected status. */
  readonly errors: number
}

export interface HttpRequestSpec {
  readonly path: string
  readonly headers: Record<string, string>
  readonly body: string
}

/** The figures of a run from its latencies (ms) and counts. */
export const figuresOf = (
  concurrency: number,
  latencies: ReadonlyArray<number>,
  seconds: number,
  errors: number,
): LoadFigures => {
  const sorted = [...latencies].sort((a, b) => a - b)
  return {
    concurrency,
    requests: sorted.length,
    requestsPerSecond: sorted.length / seconds,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    errors,
  }
}

/**
 * POSTs `requests` round-robin with autocannon at `concurrency` connections
 * for `seconds` (or until `amount` were sent), optionally capped at `rate`
 * requests/s overall. Latencies are taken from its per-response event rather
 * than its histogram, which keeps whole milliseconds only (too coarse for the
 * 5 ms target at concurrency 1).
 */
export const driveHttp = async (
  options: {
    readonly url: string
    readonly requests: ReadonlyArray<HttpRequestSpec>
    readonly concurrency: number
    readonly expectStatus: number
    readonly rate?: number
  } & ({ readonly seconds: number; readonly amount?: never } | { readonly amount: number; readonly seconds?: never }),
): Promise<LoadFigures> => {
  let next = 0
  const started = process.hrtime.bigint()
  const latencies: number[] = []
  let unexpected = 0
  const result = await new Promise<autocannon.Result>((done, fail) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.concurrency,
        ...(options.seconds === undefined ? { amount: options.amount } : { duration: options.seconds }),
        ...(options.rate === undefined ? {} : { overallRate: options.rate }),
        requests: [
          {
            method: 'POST',
            setupRequest: (request) => {
              const spec = options.requests[next % options.requests.length] as HttpRequestSpec
              next += 1
              return { ...request, path: spec.path, headers: spec.headers, body: spec.body }
            },
          },
        ],
      },
      (error: Error | null | undefined, finished) =>
        error === null || error === undefined ? done(finished) : fail(error),
    )
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode === options.expectStatus) latencies.push(responseTime)
      else unexpected += 1
    })
  })
  const seconds = options.seconds ?? Number(process.hrtime.bigint() - started) / 1e9
  return figuresOf(options.concurrency, latencies, seconds, unexpected + result.errors + result.timeouts)
}
