import * as E from 'fp-ts/Either'
import * as TE from 'fp-ts/TaskEither'
import { pipe } from 'fp-ts/function'
import { decodeWithFieldErrors } from '../../shared/errors/field-error'
import { judgeWithdrawal, type StoredOpening } from '../../shared/openings/opening-access'
import { WithdrawOpeningJobData, type WithdrawOpeningJobResult } from '../../shared/queue/withdraw-opening-job'
import { rejectWith, type UpdateRejection } from '../../shared/errors/update-rejection'
import type { StatusDecision } from '../openings/opening-repository'

export interface WithdrawOpeningPorts {
  readonly writeStatus: (
    stamp: { readonly opening_id: string; readonly change_id: string; readonly by: string; readonly at: Date },
    decide: (stored: StoredOpening) => StatusDecision,
  ) => Promise<E.Either<UpdateRejection, StoredOpening>>
  readonly now: () => Date
}

/**
 * Runs one `withdraw-opening` job (docs/queue-contract.md): with the opening
 * locked, the actor must see it and it must be OPEN; a rerun of a change
 * already written answers the opening as it is.
 */
export const processWithdrawOpeningJob =
  (ports: WithdrawOpeningPorts) =>
  (data: unknown): Promise<WithdrawOpeningJobResult> =>
    pipe(
      TE.fromEither(pipe(decodeWithFieldErrors(WithdrawOpeningJobData)(data), E.mapLeft(rejectWith('invalid')))),
      TE.chain(
        (job) => () =>
          ports.writeStatus(
            { opening_id: job.opening_id, change_id: job.change_id, by: job.actor.sub, at: ports.now() },
            (stored) =>
              pipe(
                judgeWithdrawal(job.actor, job.change_id, stored),
                E.map((decision) => (decision === 'done' ? decision : { status: 'WITHDRAWN' as const })),
              ),
          ),
      ),
      TE.match(
        (rejection): WithdrawOpeningJobResult => ({ outcome: 'rejected', ...rejection }),
        (stored): WithdrawOpeningJobResult => ({ outcome: 'withdrawn', opening: stored.opening }),
      ),
    )()
