import { expect } from 'chai'
import { createBatcher } from '../../worker/batching/batcher'

interface Gate {
  readonly promise: Promise<void>
  readonly open: () => void
}

const gate = (): Gate => {
  let open = () => {}
  const promise = new Promise<void>((resolve) => {
    open = resolve
  })
  return { promise, open }
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve))

/** A runMany that records each batch and holds it until the test opens that batch's gate. */
const recordingWrites = (fail: (item: number) => boolean = () => false) => {
  const batches: number[][] = []
  const gates: Gate[] = []
  const runMany = async (items: ReadonlyArray<number>): Promise<string[]> => {
    batches.push([...items])
    const held = gate()
    gates.push(held)
    await held.promise
    const bad = items.find(fail)
    if (bad !== undefined) throw new Error(`item ${bad} refused`)
    return items.map((item) => `written ${item}`)
  }
  const openAll = async () => {
    // Batches started by earlier ones finishing appear a turn later, so keep opening until none is left waiting.
    for (let turn = 0; turn < 20; turn += 1) {
      for (const held of gates) held.open()
      await nextTurn()
    }
  }
  return { batches, gates, runMany, openAll }
}

describe('batcher (group commit for creates and lookups)', () => {
  it('writes an item on its own at once when nothing is in flight', async () => {
    const writes = recordingWrites()
    const batcher = createBatcher({ runMany: writes.runMany, maxBatchSize: 16, maxInFlight: 1 })
    const answer = batcher.run(1)
    await nextTurn()
    expect(writes.batches).to.deep.equal([[1]])
    await writes.openAll()
    expect(await answer).to.equal('written 1')
  })

  it('sends what arrives during a write together in the next one, and answers each its own result', async () => {
    const writes = recordingWrites()
    const batcher = createBatcher({ runMany: writes.runMany, maxBatchSize: 16, maxInFlight: 1 })
    const first = batcher.run(1)
    await nextTurn()
    const rest = [2, 3, 4].map((item) => batcher.run(item))
    await nextTurn()
    expect(writes.batches, 'nothing starts while the first write runs').to.deep.equal([[1]])
    await writes.openAll()
    expect(writes.batches).to.deep.equal([[1], [2, 3, 4]])
    expect(await first).to.equal('written 1')
    expect(await Promise.all(rest)).to.deep.equal(['written 2', 'written 3', 'written 4'])
  })

  it('keeps at most maxInFlight writes running and no batch above maxBatchSize', async () => {
    const writes = recordingWrites()
    const batcher = createBatcher({ runMany: writes.runMany, maxBatchSize: 3, maxInFlight: 2 })
    const first = [1, 2].map((item) => batcher.run(item))
    await nextTurn()
    const second = [3, 4, 5, 6, 7, 8, 9].map((item) => batcher.run(item))
    await nextTurn()
    expect(writes.batches, 'the second slot takes the next batch; the rest wait').to.deep.equal([
      [1, 2],
      [3, 4, 5],
    ])
    await writes.openAll()
    expect(writes.batches).to.deep.equal([[1, 2], [3, 4, 5], [6, 7, 8], [9]])
    expect(await Promise.all([...first, ...second])).to.have.length(9)
  })

  it('writes a failed batch again item by item, so only the bad item fails', async () => {
    const writes = recordingWrites((item) => item === 3)
    const batcher = createBatcher({ runMany: writes.runMany, maxBatchSize: 16, maxInFlight: 1 })
    const first = batcher.run(1)
    await nextTurn()
    const all = Promise.allSettled([first, ...[2, 3, 4].map((item) => batcher.run(item))])
    await writes.openAll()
    const settled = await all
    expect(settled.map((result) => result.status)).to.deep.equal(['fulfilled', 'fulfilled', 'rejected', 'fulfilled'])
    expect(settled[2]).to.have.nested.property('reason.message', 'item 3 refused')
    expect(writes.batches).to.deep.equal([[1], [2, 3, 4], [2], [3], [4]])
  })

  it('fails a lone item with the write error, and keeps writing afterwards', async () => {
    let down = true
    const batcher = createBatcher({
      runMany: async (items: ReadonlyArray<number>) => {
        if (down) throw new Error('database unavailable')
        return items.map(String)
      },
      maxBatchSize: 16,
      maxInFlight: 1,
    })
    let failure: unknown
    await batcher.run(1).catch((error: unknown) => {
      failure = error
    })
    expect(failure).to.have.property('message', 'database unavailable')
    down = false
    expect(await batcher.run(2)).to.equal('2')
  })
})
