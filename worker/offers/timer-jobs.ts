import type { Queue } from 'bullmq'
import type { ScheduleTimer } from '../../shared/offers/round-state'
import { waitlistJobOptions } from '../../shared/queue/job-options'
import { OFFER_ROUND_JOB_NAME, type OfferRoundJobDataInput } from '../../shared/queue/offer-round-jobs'
import type { AddTimers } from './round-transactions'

/** The timer job being run, which a new job of its name would not replace: it is delayed instead. */
export interface RunningTimer {
  readonly name: string
  readonly delayUntil: (at: number) => void
}

/**
 * Timers as delayed jobs whose id is the timer's name (docs/offer-policy.md,
 * "Timers"): adding one that waits, runs or ran is ignored, so several
 * workers adding the same timer make one job, and one that ran is never run
 * again by being added again. The running timer, still waited on (it fired
 * early: clocks differ a little between machines), is delayed to its time.
 */
export const timerJobs =
  (queue: Queue) =>
  (running?: RunningTimer): AddTimers =>
  async (timers: ReadonlyArray<ScheduleTimer>) => {
    const byName = new Map(timers.map((timer) => [timer.name, timer]))
    for (const timer of byName.values()) {
      if (timer.name === running?.name) {
        running.delayUntil(timer.at)
        continue
      }
      await queue.add(
        OFFER_ROUND_JOB_NAME,
        { version: 1, opening_id: timer.openingId, timer: timer.timer } satisfies OfferRoundJobDataInput,
        { ...waitlistJobOptions, jobId: timer.name, delay: Math.max(0, timer.at - Date.now()) },
      )
    }
  }
