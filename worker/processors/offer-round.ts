import * as E from 'fp-ts/Either'
import { DelayedError, type Job } from 'bullmq'
import { decodeWithFieldErrors } from '../../shared/errors/field-error'
import type { Timer } from '../../shared/offers/round-state'
import { CandidatesAppearedJobData, OfferRoundJobData, type RoundJobResult } from '../../shared/queue/offer-round-jobs'
import type { RunningTimer } from '../offers/timer-jobs'

/**
 * Runs one `offer-round` timer job (docs/queue-contract.md). A timer the
 * machine still waits on (it fired early) is delayed to its time rather than
 * completed, as a new job of its name would be ignored while this one exists.
 */
export const processOfferRoundJob =
  (timerFired: (openingId: string, timer: Timer, running: RunningTimer) => Promise<RoundJobResult>) =>
  async (job: Job, token: string | undefined): Promise<RoundJobResult> => {
    const data = decodeWithFieldErrors(OfferRoundJobData)(job.data)
    if (E.isLeft(data)) return { outcome: 'rejected', errors: data.left }
    let delayUntil: number | undefined
    const result = await timerFired(data.right.opening_id, data.right.timer, {
      name: job.id ?? '',
      delayUntil: (at) => {
        delayUntil = at
      },
    })
    if (delayUntil === undefined) return result
    await job.moveToDelayed(delayUntil, token)
    throw new DelayedError()
  }

/** Runs one `candidates-appeared` job: a round for the opening if it has none. */
export const processCandidatesAppearedJob =
  (candidatesAppeared: (openingId: string) => Promise<RoundJobResult>) =>
  async (data: unknown): Promise<RoundJobResult> => {
    const decoded = decodeWithFieldErrors(CandidatesAppearedJobData)(data)
    if (E.isLeft(decoded)) return { outcome: 'rejected', errors: decoded.left }
    return candidatesAppeared(decoded.right.opening_id)
  }
