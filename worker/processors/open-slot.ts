import * as E from 'fp-ts/Either'
import * as O from 'fp-ts/Option'
import * as TE from 'fp-ts/TaskEither'
import { pipe } from 'fp-ts/function'
import { fail, type FieldErrors } from '../../shared/errors/field-error'
import type { ValidOpening } from '../../shared/openings/create-opening'
import type { StoredOpening } from '../../shared/openings/opening-access'
import type { OpeningId } from '../../shared/openings/opening-id'
import { newOpening, type OpeningPayload } from '../../shared/openings/opening-payload'
import { resolveOpening, type OpeningReferences } from '../../shared/openings/resolve-opening'
import { decodeOpenSlotJob, type OpenSlotJobResult, type OpenSlotSubmission } from '../../shared/queue/open-slot-job'

/** What the processor needs from the outside world; a throw is an infrastructure fault, retried with backoff. */
export interface OpenSlotPorts {
  readonly lookupReferences: (opening: ValidOpening) => Promise<OpeningReferences>
  readonly findExisting: (id: OpeningId) => Promise<O.Option<StoredOpening>>
  readonly insert: (opening: Omit<StoredOpening, 'status_change_id'>) => Promise<StoredOpening>
  readonly now: () => Date
}

const opened = (opening: OpeningPayload): OpenSlotJobResult => ({ outcome: 'opened', opening })
const rejected = (errors: FieldErrors): OpenSlotJobResult => ({ outcome: 'rejected', errors })

/** A producer reusing another organization's opening id gets no sight of that opening. */
const ours = (submission: OpenSlotSubmission) => (stored: StoredOpening) =>
  stored.organization_id === submission.actor.org_id
    ? E.right(stored)
    : fail('opening_id', 'opening_id is already in use: choose a new one')

/**
 * The rules, then the write, as for a create: the write is
 * insert-or-return-existing (by id, and by clinic + external_id), so only a
 * rerun the rules would now refuse (its references changed since) looks for
 * its row first.
 */
const openOrFind = (ports: OpenSlotPorts, submission: OpenSlotSubmission) =>
  pipe(
    TE.fromTask(() => ports.lookupReferences(submission.opening)),
    TE.chainW((references) =>
      pipe(
        resolveOpening(submission, references),
        E.match(
          (errors): TE.TaskEither<FieldErrors, StoredOpening> =>
            pipe(
              TE.fromTask(() => ports.findExisting(submission.opening_id)),
              TE.chain(O.match(() => TE.left(errors), TE.right)),
            ),
          (resolved) =>
            TE.fromTask(() =>
              ports.insert({
                organization_id: resolved.organization_id,
                timezone: resolved.timezone,
                opening: newOpening({
                  id: submission.opening_id,
                  opening: resolved.opening,
                  created_by: submission.actor.sub,
                  now: ports.now(),
                }),
              }),
            ),
        ),
      ),
    ),
    TE.chainEitherK(ours(submission)),
  )

/**
 * Runs one `open-slot` job (docs/queue-contract.md): the rules of the HTTP
 * body, judged against the time the job was added (so a retry judges as the
 * first attempt did), then the rules that need reference data, then the write.
 * A repeated external_id at the clinic answers with the opening stored first.
 */
export const processOpenSlotJob =
  (ports: OpenSlotPorts) =>
  (data: unknown, addedAt: Date): Promise<OpenSlotJobResult> =>
    pipe(
      TE.fromEither(decodeOpenSlotJob(data, addedAt)),
      TE.chainW((submission) => openOrFind(ports, submission)),
      TE.match(rejected, (stored) => opened(stored.opening)),
    )()
