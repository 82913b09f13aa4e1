import * as t from 'io-ts'
import type { Middleware } from 'koa'
import { answerSuccess, respond, statusAnswer } from '../http/answers'

export type DependencyCheck = () => Promise<void>

export const Liveness = t.type({ status: t.literal('ok') }, 'Liveness')

/**
 * Each dependency by name (`postgres`, `redis`) and whether it answered in time, and the worker processes consuming
 * each queue (null when they could not be counted in time).
 */
export const Readiness = t.type(
  {
    status: t.keyof({ ready: null, degraded: null }),
    dependencies: t.record(t.string, t.keyof({ up: null, down: null })),
    workers: t.union([t.record(t.string, t.number), t.null]),
  },
  'Readiness',
)

const withinTimeout = (check: DependencyCheck, timeoutMs: number): Promise<'up' | 'down'> =>
  new Promise((resolve) => {
    const timer = setTimeout(() => resolve('down'), timeoutMs)
    check()
      .then(
        () => resolve('up'),
        () => resolve('down'),
      )
      .finally(() => clearTimeout(timer))
  })

/** `GET /healthz`: the process is alive and serving. */
export const liveness: Middleware = (ctx) => {
  answerSuccess(ctx, 200, { status: 'ok' } satisfies t.TypeOf<typeof Liveness>)
}

/**
 * `GET /readyz`: 503 unless every dependency answers within `timeoutMs`, each one's state reported. With them up,
 * 200, and `workers` counts the worker processes consuming each queue: `status` is `ready` when every queue has
 * one, else `degraded`. No worker is still 200 on purpose: the API keeps answering reads and queues every write
 * durably (a 202, done once a worker is back), and a load balancer taking every API process out because workers
 * are away would turn that into refusing everything (README.md#operating-it).
 */
export const readiness =
  (
    checks: Record<string, DependencyCheck>,
    timeoutMs: number,
    workerCounts: () => Promise<Readonly<Record<string, number>>>,
  ): Middleware =>
  async (ctx) => {
    const names = Object.keys(checks)
    const [states, workers] = await Promise.all([
      Promise.all(names.map((name) => withinTimeout(checks[name]!, timeoutMs))),
      workerCounts().catch(() => null),
    ])
    const dependencies = Object.fromEntries(names.map((name, index) => [name, states[index] ?? 'down']))
    const down = names.filter((_, index) => states[index] === 'down')
    if (down.length === 0) {
      const consumed = workers !== null && Object.values(workers).every((count) => count > 0)
      const ready: t.TypeOf<typeof Readiness> = { status: consumed ? 'ready' : 'degraded', dependencies, workers }
      return answerSuccess(ctx, 200, ready)
    }
    respond(
      ctx,
      statusAnswer(
        503,
        `not ready: ${down.join(', ')} not answering`,
        down.map((name) => ({ field: name, message: `${name} is not answering` })),
      ),
    )
  }
