import * as E from 'fp-ts/Either'
import * as TE from 'fp-ts/TaskEither'
import { identity, pipe } from 'fp-ts/function'
import type { Validation } from '../../shared/errors/field-error'
import type { UpdateJobEnvelope, UpdateJobResult } from '../../shared/queue/update-job'
import type { StoredWaitlistRequest } from '../../shared/waitlist-request/read-access'
import { guardRole, guardUpdate } from '../../shared/waitlist-request/update-guard'
import type { UpdateDecision } from '../waitlist-requests/update-waitlist-request'
import { invalid, rejected, updatedFor, type UpdatePorts } from './update-ports'

/**
 * The common shape of the cancel and fulfil processors, as endRoute is of
 * their routes: decode the job, judge the role before the request is even
 * looked up (as over HTTP), then, with the request locked, access, status
 * and version, and write the end the job names.
 */
export const processEndJob =
  <B>(spec: {
    readonly decode: (data: unknown) => Validation<UpdateJobEnvelope & { readonly body: B }>
    readonly action: 'cancel' | 'fulfill'
    readonly decide: (body: B, stored: StoredWaitlistRequest) => UpdateDecision
  }) =>
  (ports: UpdatePorts) =>
  (data: unknown): Promise<UpdateJobResult> =>
    pipe(
      TE.fromEither(pipe(spec.decode(data), E.mapLeft(invalid))),
      TE.chainFirstEitherKW((job) => guardRole(job.actor, spec.action)),
      TE.chain((job) =>
        pipe(
          () =>
            ports.update(
              { request_id: job.request_id, operation_id: job.change_id, by: job.actor, at: ports.now() },
              (stored) =>
                Promise.resolve(
                  pipe(
                    guardUpdate({ ...job, action: spec.action, operation: spec.action, stored }),
                    E.map(() => spec.decide(job.body, stored)),
                  ),
                ),
            ),
          TE.map(updatedFor(job.actor)),
        ),
      ),
      TE.match(rejected, identity),
    )()
