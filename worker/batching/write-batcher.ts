import DataLoader from 'dataloader'

export interface WriteBatcher<Item, Written> {
  /** Writes one item together with whatever else is waiting to be written; answers what was written for it. */
  readonly write: (item: Item) => Promise<Written>
}

/**
 * Group commit: an item that arrives while `maxInFlight` writes are running
 * waits, and goes out with the others that arrived meanwhile in one
 * `writeMany` (at most `maxBatchSize` items); an item arriving when a write
 * slot is free goes out at once (after the current tick, with whatever else
 * that tick brought), so nothing waits when the worker is idle. `writeMany`
 * answers one result per item, in order. A batch that fails is written again
 * item by item, so one bad item fails only its own caller, and a fault that is
 * not about the items (the database is down) fails each caller with it.
 */
export const createWriteBatcher = <Item, Written>(deps: {
  readonly writeMany: (items: ReadonlyArray<Item>) => Promise<ReadonlyArray<Written>>
  readonly maxBatchSize: number
  readonly maxInFlight: number
}): WriteBatcher<Item, Written> => {
  let inFlight = 0
  const waiting: Array<() => void> = []
  const start = (dispatch: () => void) => {
    inFlight += 1
    setImmediate(dispatch)
  }
  const finished = () => {
    inFlight -= 1
    const next = waiting.shift()
    if (next !== undefined) start(next)
  }
  const writeAlone = (item: Item): Promise<Written | Error> =>
    deps.writeMany([item]).then(
      ([written]) => written ?? new Error('the write answered nothing for its item'),
      (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
    )
  const loader = new DataLoader<Item, Written, Item>(
    async (batch) => {
      try {
        return await deps.writeMany(batch).catch(async (error: unknown) => {
          if (batch.length === 1) throw error
          const each: Array<Written | Error> = []
          for (const item of batch) each.push(await writeAlone(item))
          return each
        })
      } finally {
        finished()
      }
    },
    {
      cache: false,
      maxBatchSize: deps.maxBatchSize,
      batchScheduleFn: (dispatch) => {
        if (inFlight < deps.maxInFlight) start(dispatch)
        else waiting.push(dispatch)
      },
    },
  )
  return { write: (item) => loader.load(item) }
}
