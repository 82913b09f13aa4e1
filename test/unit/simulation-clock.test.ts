import { expect } from 'chai'
import { virtualClock } from '../../bench/simulation/clock'

/** The simulator's virtual clock (bench/simulation/clock.ts, docs/simulation.md). */

const T0 = Date.UTC(2026, 2, 2)
const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE

const drain = <E>(clock: ReturnType<typeof virtualClock<E>>, until: number) => {
  const seen: Array<[number, E]> = []
  for (let event = clock.next(until); event !== undefined; event = clock.next(until)) seen.push([clock.now(), event])
  return seen
}

describe('simulation: the virtual clock', () => {
  it('runs events in time order, those at one instant in the order they were added, and moves to each', () => {
    const clock = virtualClock<string>(T0)
    clock.at(T0 + 5 * MINUTE, 'c')
    clock.at(T0 + MINUTE, 'a')
    clock.at(T0 + 5 * MINUTE, 'd')
    clock.at(T0 + MINUTE, 'b')
    expect(clock.now()).to.equal(T0)
    expect(drain(clock, T0 + DAY)).to.deep.equal([
      [T0 + MINUTE, 'a'],
      [T0 + MINUTE, 'b'],
      [T0 + 5 * MINUTE, 'c'],
      [T0 + 5 * MINUTE, 'd'],
    ])
  })

  it('stops at the bound, leaving later events queued and the clock where it was', () => {
    const clock = virtualClock<string>(T0)
    clock.at(T0 + MINUTE, 'a')
    clock.at(T0 + 10 * MINUTE, 'b')
    expect(drain(clock, T0 + 9 * MINUTE)).to.deep.equal([[T0 + MINUTE, 'a']])
    expect(clock.now()).to.equal(T0 + MINUTE)
    expect(drain(clock, T0 + 10 * MINUTE)).to.deep.equal([[T0 + 10 * MINUTE, 'b']])
  })

  it('keeps one timer of a name while it waits, as a delayed job of that name, and takes the name again once run', () => {
    const clock = virtualClock<string>(T0)
    expect(clock.timer('offer-round-o1-1', T0 + MINUTE, 'first')).to.equal(true)
    expect(clock.timer('offer-round-o1-1', T0 + 2 * MINUTE, 'again')).to.equal(false)
    expect(drain(clock, T0 + DAY)).to.deep.equal([[T0 + MINUTE, 'first']])
    expect(clock.timer('offer-round-o1-1', T0 + 3 * MINUTE, 'later')).to.equal(true)
    expect(drain(clock, T0 + DAY)).to.deep.equal([[T0 + 3 * MINUTE, 'later']])
  })

  it('refuses an event in the past', () => {
    const clock = virtualClock<string>(T0)
    clock.at(T0 + MINUTE, 'a')
    drain(clock, T0 + DAY)
    expect(() => clock.at(T0, 'late')).to.throw(/in the past/)
  })
})
