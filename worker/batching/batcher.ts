import DataLoader from 'dataloader'

export interface Batcher<Item, Result> {
  /** Runs one item together with whatever else is waiting to run; answers the item's own result. */
  readonly run: (item: Item) => Promise<Result>
}

/**
 * Group commit, for writes and lookups alike: an item that arrives while
 * `maxInFlight` batches are running waits, and goes out with the others that
 * arrived meanwhile in one `runMany` (at most `maxBatchSize` items); an item
 * arriving when a slot is free goes out at once (after the current tick, with
 * whatever else that tick brought), so nothing waits when the worker is idle.
 * `runMany` answers one result per item, in order. A batch that fails is run
 * again item by item, so one bad item fails only its own caller, and a fault
 * that is not about the items (the database is down) fails each caller with it.
 */
export const createBatcher = <Item, Result>(deps: {
  readonly runMany: (items: ReadonlyArray<Item>) => Promise<ReadonlyArray<Result>>
  readonly maxBatchSize: number
  readonly maxInFlight: number
}): Batcher<Item, Result> => {
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
  const runAlone = (item: Item): Promise<Result | Error> =>
    deps.runMany([item]).then(
      ([result]) => result ?? new Error('the batch answered nothing for its item'),
      (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
    )
  const loader = new DataLoader<Item, Result, Item>(
    async (batch) => {
      try {
        return await deps.runMany(batch).catch((error: unknown) => {
          if (batch.length === 1) throw error
          // At once, not in turn: when the database is unreachable, each caller then waits for one attempt, not all.
          return Promise.all(batch.map(runAlone))
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
  return { run: (item) => loader.load(item) }
}
