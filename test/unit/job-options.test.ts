import { expect } from 'chai'
import type { JobsOptions } from 'bullmq'
import { deliveryJobOptions, importJobOptions, waitlistJobOptions } from '../../shared/queue/job-options'
import { IDEMPOTENCY_KEY_TTL_SECONDS } from '../../shared/idempotency/idempotency-key'

const kept = (keep: JobsOptions['removeOnComplete']): { age?: number; count?: number } => {
  if (typeof keep !== 'object') return expect.fail(`expected an age and a count, got ${String(keep)}`)
  return { age: 'age' in keep ? keep.age : undefined, count: keep.count }
}

describe('job retention (shared/queue/job-options.ts)', () => {
  for (const [queue, options] of [
    ['waitlist-requests', waitlistJobOptions],
    ['waitlist-imports', importJobOptions],
    ['waitlist-events', deliveryJobOptions],
  ] as const) {
    it(`keeps ${queue}' finished and failed jobs by age and by count, so Redis memory stays bounded`, () => {
      for (const keep of [kept(options.removeOnComplete), kept(options.removeOnFail)]) {
        expect(keep.age).to.be.above(0)
        expect(keep.count).to.be.above(0)
      }
    })
  }

  it("keeps a finished create's result at least as long as an Idempotency-Key lives, at rates below the count", () => {
    expect(kept(waitlistJobOptions.removeOnComplete).age).to.be.at.least(IDEMPOTENCY_KEY_TTL_SECONDS)
  })
})
