import * as E from 'fp-ts/Either'
import * as TE from 'fp-ts/TaskEither'
import { pipe } from 'fp-ts/function'
import { decodeFulfillJob } from '../../shared/queue/fulfill-waitlist-request-job'
import type { UpdateJobResult, UpdateRejection } from '../../shared/queue/update-job'
import { FULFIL_FORBIDDEN, roleMay } from '../../shared/waitlist-request/permissions'
import { fulfilmentChanges } from '../../shared/waitlist-request/end-request'
import { guardUpdate } from '../../shared/waitlist-request/update-guard'
import { invalid, rejected, updated, type UpdatePorts } from './update-ports'

/** Ends an ACTIVE request as FULFILLED with the appointment staff booked; only staff may. */
export const processFulfillJob =
  (ports: UpdatePorts) =>
  (data: unknown): Promise<UpdateJobResult> =>
    pipe(
      TE.fromEither(pipe(decodeFulfillJob(data), E.mapLeft(invalid))),
      // The role is judged before the request is even looked up, as over HTTP.
      TE.filterOrElseW(
        (job) => roleMay(job.actor, 'fulfil'),
        (): UpdateRejection => ({ status: 403, errors: [{ field: 'role', message: FULFIL_FORBIDDEN }] }),
      ),
      TE.chain((job) => {
        const appointment = { id: job.body.appointment_id, start: job.body.appointment_start }
        return () =>
          ports.update(
            { request_id: job.request_id, operation_id: job.change_id, by: job.actor.sub, at: ports.now() },
            async (stored) =>
              pipe(
                guardUpdate({ ...job, action: 'fulfil', operation: 'fulfil', stored }),
                E.map(() => ({
                  event: 'fulfilled' as const,
                  appointment,
                  changes: fulfilmentChanges(stored.request, appointment),
                })),
              ),
          )
      }),
      TE.match(rejected, updated),
    )()
