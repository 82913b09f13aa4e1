import { performance } from 'node:perf_hooks'
import { parentPort, workerData } from 'node:worker_threads'
import type { Finished, RunArgs } from './parallel'
import { comparedPolicies } from './policies'
import { runCompared } from './runs'
import { buildTrace } from './trace'

/** A thread of parallel.ts: builds the trace once, then runs the policy of each index it is sent. */

const port = parentPort
if (port === null) throw new Error('policy-worker.ts runs as a worker thread')
const args = workerData as RunArgs
const trace = buildTrace(args.seed, args.clinics, args.days)
const compared = comparedPolicies()
port.on('message', (index: number) => {
  const policy = compared[index]
  if (policy === undefined) throw new Error(`no policy ${index}`)
  const started = performance.now()
  const summary = runCompared(trace, policy)
  port.postMessage({ index, summary, seconds: (performance.now() - started) / 1000 } satisfies Finished)
})
