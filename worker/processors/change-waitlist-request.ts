import * as E from 'fp-ts/Either'
import * as TE from 'fp-ts/TaskEither'
import { identity, pipe } from 'fp-ts/function'
import type { Transaction } from 'sequelize'
import { decodeChangeJob } from '../../shared/queue/change-waitlist-request-job'
import type { UpdateJobResult } from '../../shared/queue/update-job'
import { mergeChange, resolveChange } from '../../shared/waitlist-request/change-request'
import type { CreateReferences } from '../../shared/waitlist-request/resolve-create-request'
import { guardPriorityChange, guardUpdate } from '../../shared/waitlist-request/update-guard'
import type { UpdateDecision } from '../waitlist-requests/update-waitlist-request'
import { invalid, rejected, updatedFor, type UpdatePorts } from './update-ports'

export interface ChangePorts extends UpdatePorts {
  readonly lookupReferences: (
    query: {
      clinic_id: string
      patient_id: string
      appointment_category_id: string
      preferred_providers: ReadonlyArray<string>
    },
    transaction: Transaction,
  ) => Promise<CreateReferences>
}

/**
 * Runs one change job: the PATCH body's own rules (again, as it may come
 * straight from Redis), then, with the request locked, access, status,
 * version and who may change its priority, then every create rule on the
 * request as it would be after the change. A change that alters nothing
 * writes nothing and keeps the version.
 */
export const processChangeJob =
  (ports: ChangePorts) =>
  (data: unknown): Promise<UpdateJobResult> =>
    pipe(
      TE.fromEither(pipe(decodeChangeJob(data), E.mapLeft(invalid))),
      TE.chain((job) => {
        const now = ports.now()
        const update = () =>
          ports.update(
            { request_id: job.request_id, operation_id: job.change_id, by: job.actor, at: now },
            (stored, transaction) =>
              pipe(
                TE.fromEither(guardUpdate({ ...job, action: 'change', operation: 'change', stored })),
                TE.chainFirstEitherKW((guarded) => guardPriorityChange(job.actor, guarded.request, job.body)),
                TE.chainEitherKW((guarded) => pipe(mergeChange(guarded.request, job.body), E.mapLeft(invalid))),
                TE.chainW((merged) =>
                  pipe(
                    TE.fromTask(() =>
                      ports.lookupReferences(
                        {
                          clinic_id: merged.clinic_id,
                          patient_id: stored.request.patient_id,
                          appointment_category_id: merged.appointment_category_id,
                          preferred_providers: merged.preferred_providers,
                        },
                        transaction,
                      ),
                    ),
                    TE.chainEitherKW((references) =>
                      pipe(
                        resolveChange({ actor: job.actor, stored: stored.request, merged, references, now }),
                        E.mapLeft(invalid),
                      ),
                    ),
                  ),
                ),
                TE.map((resolved): UpdateDecision => ({
                  event: 'changed',
                  request: resolved.request,
                  changes: resolved.changes,
                })),
              )(),
          )
        return pipe(update, TE.map(updatedFor(job.actor)))
      }),
      TE.match(rejected, identity),
    )()
