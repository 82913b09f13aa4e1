import * as t from 'io-ts'
import type { Middleware } from 'koa'
import { answerSuccess, respond, statusAnswer } from '../http/answers'

export type DependencyCheck = () => Promise<void>

export const Liveness = t.type({ status: t.literal('ok') }, 'Liveness')

/** Each dependency by name (`postgres`, `redis`) and whether it answered in time. */
export const Readiness = t.type(
  { status: t.literal('ready'), dependencies: t.record(t.string, t.keyof({ up: null, down: null })) },
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

/** `GET /readyz`: 200 only when every dependency answers within `timeoutMs`; each one's state is reported. */
export const readiness =
  (checks: Record<string, DependencyCheck>, timeoutMs: number): Middleware =>
  async (ctx) => {
    const names = Object.keys(checks)
    const states = await Promise.all(names.map((name) => withinTimeout(checks[name]!, timeoutMs)))
    const dependencies = Object.fromEntries(names.map((name, index) => [name, states[index]]))
    const ready = states.every((state) => state === 'up')
    const down = names.filter((_, index) => states[index] === 'down')
    if (ready) return answerSuccess(ctx, 200, { status: 'ready', dependencies })
    respond(
      ctx,
      statusAnswer(
        503,
        `not ready: ${down.join(', ')} not answering`,
        down.map((name) => ({ field: name, message: `${name} is not answering` })),
      ),
    )
  }
