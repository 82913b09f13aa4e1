import seedrandom from 'seedrandom'

/** A seeded stream of draws, one per purpose, so the fault schedule does not shift when the workload changes. */
export interface Random {
  readonly next: () => number
  /** A whole number from `min` to `max`, both included. */
  readonly between: (min: number, max: number) => number
  readonly chance: (p: number) => boolean
  readonly pick: <A>(items: ReadonlyArray<A>) => A
  readonly shuffled: <A>(items: ReadonlyArray<A>) => A[]
}

export const randomStream = (seed: number, purpose: string): Random => {
  const next = seedrandom.alea(`${seed}|${purpose}`)
  const between = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  return {
    next,
    between,
    chance: (p) => next() < p,
    pick: (items) => {
      const item = items[between(0, items.length - 1)]
      if (item === undefined) throw new Error('nothing to pick from')
      return item
    },
    shuffled: <A>(items: ReadonlyArray<A>) => {
      const copy = [...items]
      for (let i = copy.length - 1; i > 0; i--) {
        const j = between(0, i)
        ;[copy[i], copy[j]] = [copy[j] as A, copy[i] as A]
      }
      return copy
    },
  }
}
