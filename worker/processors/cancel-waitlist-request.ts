import * as E from 'fp-ts/Either'
import * as TE from 'fp-ts/TaskEither'
import { pipe } from 'fp-ts/function'
import { decodeCancelJob } from '../../shared/queue/cancel-waitlist-request-job'
import type { UpdateJobResult } from '../../shared/queue/update-job'
import { cancellationChanges } from '../../shared/waitlist-request/end-request'
import { guardUpdate } from '../../shared/waitlist-request/update-guard'
import { invalid, rejected, updated, type UpdatePorts } from './update-ports'

/** Ends an ACTIVE request as CANCELLED, with the reason if one was given; its patient or their staff may. */
export const processCancelJob =
  (ports: UpdatePorts) =>
  (data: unknown): Promise<UpdateJobResult> =>
    pipe(
      TE.fromEither(pipe(decodeCancelJob(data), E.mapLeft(invalid))),
      TE.chain(
        (job) => () =>
          ports.update(
            { request_id: job.request_id, operation_id: job.change_id, by: job.actor.sub, at: ports.now() },
            async (stored) =>
              pipe(
                guardUpdate({ ...job, action: 'cancel', operation: 'cancel', stored }),
                E.map(() => ({
                  event: 'cancelled' as const,
                  reason: job.body.reason,
                  changes: cancellationChanges(stored.request, job.body.reason),
                })),
              ),
          ),
      ),
      TE.match(rejected, updated),
    )()
