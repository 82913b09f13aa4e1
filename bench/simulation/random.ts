import seedrandom from 'seedrandom'
import type { CurvePoint } from './parameters'

/**
 * Seeded randomness for the simulation (docs/simulation.md): every draw comes
 * from a stream named after the run's seed and what it is for, so a fixed
 * seed gives the same numbers to the digit, and a patient's answer to one
 * slot is the same under every policy compared (common random numbers).
 */

/** Uniform in [0, 1). */
export type Random = () => number

/** The stream of `seed` named by `keys`: the same seed and keys give the same numbers. */
export const stream = (seed: number, ...keys: ReadonlyArray<string | number>): Random =>
  seedrandom.alea([seed, ...keys].join('|'))

export const chance = (random: Random, p: number): boolean => random() < p

/** A whole number from `min` to `max`, both included. */
export const integerBetween = (random: Random, min: number, max: number): number =>
  min + Math.floor(random() * (max - min + 1))

/** A standard normal draw (Box–Muller); 1 − u keeps the logarithm away from 0. */
const standardNormal = (random: Random): number =>
  Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())

export const lognormal = (random: Random, median: number, sigma: number): number =>
  median * Math.exp(sigma * standardNormal(random))

/** One of `entries`, each as likely as its weight. */
export const weighted = <A>(random: Random, entries: ReadonlyArray<readonly [A, number]>): A => {
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0)
  let left = random() * total
  for (const [value, weight] of entries) {
    left -= weight
    if (left < 0) return value
  }
  const last = entries[entries.length - 1]
  if (last === undefined) throw new Error('nothing to choose from')
  return last[0]
}

/** `count` of `values`, in their own order. */
export const someOf = <A>(random: Random, values: ReadonlyArray<A>, count: number): A[] => {
  const keys = values.map((value) => ({ value, key: random() }))
  const chosen = new Set([...keys].sort((a, b) => a.key - b.key).slice(0, count))
  return keys.filter((entry) => chosen.has(entry)).map((entry) => entry.value)
}

/** A curve's value at `x` (parameters.ts, CurvePoint): log-linear between points, flat beyond the ends. */
export const curve = (points: ReadonlyArray<CurvePoint>, x: number): number => {
  const first = points[0]
  const last = points[points.length - 1]
  if (first === undefined || last === undefined) throw new Error('a curve needs points')
  if (x <= first.at) return first.value
  if (x >= last.at) return last.value
  for (let i = 1; i < points.length; i += 1) {
    const a = points[i - 1] as CurvePoint
    const b = points[i] as CurvePoint
    if (x <= b.at) return a.value + ((b.value - a.value) * Math.log(x / a.at)) / Math.log(b.at / a.at)
  }
  return last.value
}
