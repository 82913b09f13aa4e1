import { Heap } from 'heap-js'
import type { Instant } from '../../shared/offers/instant'

/**
 * Virtual time for the simulation: a queue of events by instant, run in
 * order, ties in the order they were added, so a run never depends on
 * anything but its inputs. Named timers behave as the worker's delayed jobs
 * do (docs/offer-policy.md, "Timers"): adding a name already waiting is the
 * same timer, and a name is free again once its timer has run.
 */

interface Entry<E> {
  readonly at: Instant
  readonly seq: number
  readonly event: E
  readonly name: string | undefined
}

export interface VirtualClock<E> {
  /** The instant of the event being run (the start, before any). */
  readonly now: () => Instant
  /** Runs `event` at `at`, which must not be in the past. */
  readonly at: (at: Instant, event: E) => void
  /** Runs `event` at `at` unless a timer of this name is waiting; whether it was added. */
  readonly timer: (name: string, at: Instant, event: E) => boolean
  /** The next event due at or before `until`, the clock moved to it; none when there is none. */
  readonly next: (until: Instant) => E | undefined
}

export const virtualClock = <E>(start: Instant): VirtualClock<E> => {
  let now = start
  let seq = 0
  const heap = new Heap<Entry<E>>((a, b) => a.at - b.at || a.seq - b.seq)
  const waiting = new Set<string>()
  const add = (at: Instant, event: E, name: string | undefined) => {
    if (at < now) throw new Error(`an event at ${new Date(at).toISOString()} is in the past`)
    heap.push({ at, seq: seq++, event, name })
  }
  return {
    now: () => now,
    at: (at, event) => add(at, event, undefined),
    timer: (name, at, event) => {
      if (waiting.has(name)) return false
      waiting.add(name)
      add(at, event, name)
      return true
    },
    next: (until) => {
      const entry = heap.peek()
      if (entry === undefined || entry.at > until) return undefined
      heap.pop()
      now = entry.at
      if (entry.name !== undefined) waiting.delete(entry.name)
      return entry.event
    },
  }
}
