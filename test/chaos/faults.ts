import { setTimeout as sleep } from 'node:timers/promises'
import type { PrivatePostgres } from '../support/private-postgres'
import type { PrivateRedis } from '../support/private-redis'
import type { TcpProxy } from '../support/tcp-proxy'
import type { Random } from './random'
import type { Supervisor } from './supervisor'

export const FAULT_KINDS = [
  'kill-worker',
  'kill-api',
  'stall-worker',
  'restart-redis',
  'restart-postgres',
  'cut-postgres',
] as const
type FaultKind = (typeof FAULT_KINDS)[number]

export interface Fault {
  readonly kind: FaultKind
  /** The process it hit, for the faults that hit one. */
  readonly target: string | undefined
  readonly injectedAt: number
  /** When what was broken was whole again (a killed process: when the kill was sent; the supervisor restarts it). */
  readonly healedAt: number
  /** The first create answered 201 after the heal; undefined when none came in time. */
  readonly recoveredAt: number | undefined
}

export interface FaultTargets {
  readonly supervisor: Supervisor
  readonly redis: PrivateRedis
  readonly postgres: PrivatePostgres
  /** The relay every service process reaches PostgreSQL through. */
  readonly relay: TcpProxy
  /** How long a stalled worker stays stopped: past its lock, so another worker takes its jobs. */
  readonly stallMs: number
}

/** How long a dependency stays away in each outage. */
const REDIS_DOWN_MS = 1_000
const POSTGRES_DOWN_MS = 1_000
const CUT_MS = 3_000

/** Breaks one thing and mends it (or leaves the mending to the supervisor); answers what it hit. */
const inject = async (kind: FaultKind, targets: FaultTargets, random: Random): Promise<string | undefined> => {
  const { supervisor } = targets
  switch (kind) {
    case 'kill-worker':
    case 'kill-api': {
      const victim = random.pick(supervisor.byKind(kind === 'kill-api' ? 'api' : 'worker'))
      victim.signal('SIGKILL')
      return victim.name
    }
    case 'stall-worker': {
      const victim = random.pick(supervisor.byKind('worker'))
      victim.signal('SIGSTOP')
      await sleep(targets.stallMs)
      victim.signal('SIGCONT')
      return victim.name
    }
    case 'restart-redis':
      await targets.redis.kill()
      await sleep(REDIS_DOWN_MS)
      await targets.redis.restart()
      return undefined
    case 'restart-postgres':
      await targets.postgres.restart(POSTGRES_DOWN_MS)
      return undefined
    case 'cut-postgres':
      await targets.relay.cut()
      await sleep(CUT_MS)
      await targets.relay.restore()
      return undefined
  }
}

/**
 * The seeded schedule: every kind once in a shuffled order, then again in another, one fault at a time, each after
 * the service has recovered from the last and a few seconds of calm; none in the last `quietEndMs`, so the run
 * ends on a settled service.
 */
export const runFaults = async (
  targets: FaultTargets,
  random: Random,
  window: { readonly firstAfterMs: number; readonly endsAt: number; readonly quietEndMs: number },
  recovered: () => Promise<number | undefined>,
): Promise<Fault[]> => {
  const faults: Fault[] = []
  let cycle: FaultKind[] = []
  await sleep(window.firstAfterMs)
  while (Date.now() < window.endsAt - window.quietEndMs) {
    if (cycle.length === 0) cycle = random.shuffled(FAULT_KINDS)
    const kind = cycle.shift() as FaultKind
    const injectedAt = Date.now()
    const target = await inject(kind, targets, random)
    const healedAt = Date.now()
    faults.push({ kind, target, injectedAt, healedAt, recoveredAt: await recovered() })
    await sleep(random.between(2_000, 4_000))
  }
  return faults
}
