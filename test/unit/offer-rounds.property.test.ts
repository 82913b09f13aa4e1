import { expect } from 'chai'
import * as fc from 'fast-check'
import { DateTime } from 'luxon'
import type { OfferPolicy, QuietHours } from '../../shared/reference-data/offer-policy'
import { noticeLimit } from '../../shared/offers/hold-window'
import { step } from '../../shared/offers/round-step'
import {
  newOpening,
  type Candidate,
  type OpeningRounds,
  type RoundEvent,
  type StepResult,
  type Timer,
} from '../../shared/offers/round-state'

/**
 * Random event sequences against the round machine, with timers kept the way
 * delayed jobs are (a name already waiting is the same job), checking what
 * docs/offer-policy.md promises whatever the order of answers and timers.
 */

const NEW_YORK = 'America/New_York'
const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE

const hhmm = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`)

const quietHours: fc.Arbitrary<QuietHours | null> = fc.oneof(
  fc.constant(null),
  fc.constant({ start: '20:00', end: '08:00' }),
  fc
    .tuple(hhmm, hhmm)
    .filter(([start, end]) => start !== end)
    .map(([start, end]) => ({ start, end })),
)

const policy: fc.Arbitrary<OfferPolicy> = fc.record({
  batch_size: fc.integer({ min: 1, max: 4 }),
  hold_seconds: fc.option(fc.integer({ min: 60, max: 6 * 3600 }), { nil: undefined }),
  min_notice_minutes: fc.integer({ min: 0, max: 600 }),
  offer_delay_seconds: fc.integer({ min: 0, max: 7200 }),
  quiet_hours: quietHours,
  max_offers_per_patient_per_day: fc.integer({ min: 1, max: 3 }),
})

// Some openings begin in the days around New York's clock changes.
const openedAt = fc.oneof(
  fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2026, 11, 31) }),
  fc.integer({ min: Date.UTC(2026, 2, 6), max: Date.UTC(2026, 2, 9) }),
  fc.integer({ min: Date.UTC(2026, 9, 30), max: Date.UTC(2026, 10, 2) }),
)

type Command =
  | { kind: 'advance'; minutes: number; facts: number }
  | { kind: 'accept' | 'decline'; pick: number; facts: number }
  | { kind: 'withdraw-request'; pick: number; facts: number }
  | { kind: 'appear'; facts: number }
  | { kind: 'stale-timer'; pick: number; facts: number }
  | { kind: 'withdraw-opening' }

const facts = fc.nat()
const pick = fc.nat()
const command: fc.Arbitrary<Command> = fc.oneof(
  {
    arbitrary: fc.record({ kind: fc.constant('advance' as const), minutes: fc.integer({ min: 1, max: 1440 }), facts }),
    weight: 6,
  },
  { arbitrary: fc.record({ kind: fc.constantFrom('accept' as const, 'decline' as const), pick, facts }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('withdraw-request' as const), pick, facts }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('appear' as const), facts }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('stale-timer' as const), pick, facts }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('withdraw-opening' as const) }), weight: 1 },
)

const scenario = fc.record({
  policy,
  openedAt,
  slotAfterMinutes: fc.integer({ min: 0, max: 10 * 24 * 60 }),
  patients: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 12 }),
  visibleAtFirst: fc.integer({ min: 0, max: 12 }),
  commands: fc.array(command, { maxLength: 40 }),
})
type Scenario = typeof scenario extends fc.Arbitrary<infer S> ? S : never

/** Independent of the code under test: the clinic's clock as HH:MM, compared as text. */
const isQuiet = (at: number, quiet: QuietHours | null): boolean => {
  if (quiet === null) return false
  const clock = DateTime.fromMillis(at, { zone: NEW_YORK }).toFormat('HH:mm')
  return quiet.start < quiet.end ? clock >= quiet.start && clock < quiet.end : clock >= quiet.start || clock < quiet.end
}

interface PendingTimer {
  readonly at: number
  readonly timer: Timer
}

class World {
  state: OpeningRounds
  now: number
  readonly timers = new Map<string, PendingTimer>()
  readonly fired: Timer[] = []
  readonly everOffered = new Set<string>()
  readonly withdrawn = new Set<string>()
  visible: number

  constructor(readonly s: Scenario) {
    this.now = s.openedAt
    this.state = newOpening('o1', s.openedAt + s.slotAfterMinutes * MINUTE)
    this.visible = s.visibleAtFirst
  }

  /** The ranked candidates, best first, with facts drawn from `seed` (some capped, some busy elsewhere). */
  candidates(seed: number): Candidate[] {
    return this.s.patients.slice(0, this.visible).flatMap((patient, i) =>
      this.withdrawn.has(`r${i}`)
        ? []
        : [
            {
              requestId: `r${i}`,
              patientId: `p${patient}`,
              offersInLastDay: (seed >> (i % 16)) & 3,
              holdsPendingOffer: ((seed >> i) & 1) === 1 && ((seed >> (i + 12)) & 1) === 1,
            },
          ],
    )
  }

  apply(event: RoundEvent) {
    const result = step(this.state, event, this.now, this.s.policy, NEW_YORK)
    this.check(event, result)
    this.state = result.state
  }

  check(event: RoundEvent, { state, effects }: StepResult) {
    const { policy } = this.s
    const limit = noticeLimit(policy, state.slotStart)
    const offeredTo = 'candidates' in event ? new Map(event.candidates.map((c) => [c.requestId, c])) : new Map()
    for (const effect of effects) {
      if (effect.type === 'create-offers') {
        expect(effect.offers.length).to.be.within(1, policy.batch_size)
        expect(isQuiet(this.now, policy.quiet_hours), 'a round started inside quiet hours').to.equal(false)
        expect(this.now).to.be.below(limit)
        expect(effect.expiresAt).to.be.above(this.now).and.at.most(limit)
        for (const offer of effect.offers) {
          expect(this.everOffered.has(offer.requestId), `${offer.requestId} offered twice`).to.equal(false)
          this.everOffered.add(offer.requestId)
          const candidate = offeredTo.get(offer.requestId)
          expect(candidate, 'offered a request that was not a candidate').to.not.equal(undefined)
          expect(candidate.holdsPendingOffer).to.equal(false)
          expect(candidate.offersInLastDay).to.be.below(policy.max_offers_per_patient_per_day)
        }
      }
      if (effect.type === 'schedule-timer') {
        const waiting = this.timers.get(effect.name)
        if (waiting !== undefined) expect(waiting.at, `${effect.name} re-added for another time`).to.equal(effect.at)
        else this.timers.set(effect.name, { at: effect.at, timer: effect.timer })
      }
    }
    const pending = state.offers.filter((offer) => offer.status === 'PENDING')
    expect(pending.length).to.be.at.most(policy.batch_size)
    expect(new Set(pending.map((offer) => offer.patientId)).size).to.equal(pending.length)
    if (state.status !== 'OPEN') expect(pending).to.deep.equal([])
  }

  fire(timer: Timer, seed: number) {
    this.apply(
      timer.kind === 'round'
        ? { type: 'timer-fired', round: timer.round, candidates: this.candidates(seed) }
        : { type: 'notice-limit-reached' },
    )
  }

  /** Moves the clock to `until`, firing each timer due on the way at its time, the way delayed jobs run. */
  advance(until: number, seed: number) {
    // A timer that keeps asking for itself at a time already passed would never let the clock move on.
    for (let firings = 0; ; firings++) {
      expect(firings, 'timers fire without end').to.be.below(1000)
      const next = [...this.timers.entries()].sort(([, a], [, b]) => a.at - b.at)[0]
      if (next === undefined || next[1].at > until) break
      this.timers.delete(next[0])
      this.now = Math.max(this.now, next[1].at)
      this.fired.push(next[1].timer)
      this.fire(next[1].timer, seed)
    }
    this.now = Math.max(this.now, until)
  }

  run(c: Command) {
    const pending = this.state.offers.filter((offer) => offer.status === 'PENDING')
    switch (c.kind) {
      case 'advance':
        return this.advance(this.now + c.minutes * MINUTE, c.facts)
      case 'accept':
      case 'decline': {
        const offer = pending[c.pick % Math.max(pending.length, 1)]
        if (offer === undefined) return
        return this.apply(
          c.kind === 'accept'
            ? { type: 'offer-accepted', requestId: offer.requestId }
            : { type: 'offer-declined', requestId: offer.requestId, candidates: this.candidates(c.facts) },
        )
      }
      case 'withdraw-request': {
        const requestId = `r${c.pick % this.s.patients.length}`
        this.withdrawn.add(requestId)
        return this.apply({ type: 'request-withdrawn', requestId, candidates: this.candidates(c.facts) })
      }
      case 'appear':
        this.visible += 1
        return this.apply({ type: 'candidates-appeared', candidates: this.candidates(c.facts) })
      case 'stale-timer': {
        const timer = this.fired[c.pick % Math.max(this.fired.length, 1)]
        return timer === undefined ? undefined : this.fire(timer, c.facts)
      }
      case 'withdraw-opening':
        return this.apply({ type: 'opening-withdrawn' })
    }
  }
}

describe('offer rounds: properties over random event sequences (docs/offer-policy.md)', () => {
  it('never offers a request twice, never holds more than batch_size PENDING, never starts a round in quiet hours, and always ends', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const world = new World(s)
        world.apply({ type: 'opened', candidates: world.candidates(0) })
        for (const c of s.commands) world.run(c)
        world.advance(world.state.slotStart + DAY, 0)
        expect(world.state.status).to.not.equal('OPEN')
      }),
      { numRuns: 300 },
    )
  })
})
