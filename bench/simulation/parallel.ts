import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import type { Summary } from './metrics'
import type { Compared } from './policies'

/**
 * The compared policies run on `threads` worker threads, each building the
 * trace from the same seed (so every run plays the same world) and taking
 * the next policy as it finishes one. The figures come back in the policies'
 * order, whichever thread ran them.
 */

export interface RunArgs {
  readonly seed: number
  readonly clinics: number
  readonly days: number
}

export interface Finished {
  readonly index: number
  readonly summary: Summary
  readonly seconds: number
}

export const runInParallel = async (
  args: RunArgs,
  compared: ReadonlyArray<Compared>,
  threads: number,
  onFinished: (finished: Finished) => void,
): Promise<Summary[]> => {
  const summaries = new Map<number, Summary>()
  let next = 0
  const thread = () =>
    new Promise<void>((resolve, reject) => {
      // A roomy young generation: a run makes short-lived objects at every step, and scavenging them cost a tenth.
      const worker = new Worker(join(__dirname, 'policy-worker.js'), {
        workerData: args,
        resourceLimits: { maxYoungGenerationSizeMb: 192 },
      })
      const give = () => {
        if (next >= compared.length) {
          void worker.terminate().then(() => resolve(), reject)
          return
        }
        worker.postMessage(next)
        next += 1
      }
      worker.on('message', (finished: Finished) => {
        summaries.set(finished.index, finished.summary)
        onFinished(finished)
        give()
      })
      worker.on('error', reject)
      give()
    })
  await Promise.all(Array.from({ length: Math.max(1, Math.min(threads, compared.length)) }, thread))
  return compared.map((_, index) => {
    const summary = summaries.get(index)
    if (summary === undefined) throw new Error(`policy ${index} was not run`)
    return summary
  })
}
