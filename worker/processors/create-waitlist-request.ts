import * as E from 'fp-ts/Either'
import * as O from 'fp-ts/Option'
import * as TE from 'fp-ts/TaskEither'
import { pipe } from 'fp-ts/function'
import type { RequestId } from '../../shared/codecs/request-id'
import type { FieldErrors } from '../../shared/errors/field-error'
import { CreateJobResult, decodeCreateJob } from '../../shared/queue/create-waitlist-request-job'
import type { CreateSubmission } from '../../shared/waitlist-request/create-submission'
import { resolveCreateRequest, type CreateReferences } from '../../shared/waitlist-request/resolve-create-request'
import type {
  ResolvedWaitlistRequest,
  WaitlistRequestPayload,
} from '../../shared/waitlist-request/waitlist-request-payload'
import type { CreationStamp } from '../waitlist-requests/insert-waitlist-requests'
import { referenceQueryOf, type ReferenceQuery } from '../reference-data/reference-data-repository'

/**
 * What the processor needs from the outside world, passed in so tests and other
 * adapters can supply their own. Each may throw: a throw is an infrastructure
 * fault, which BullMQ retries with backoff. The insert answers a refusal of
 * its data by the database as a value: retrying it could only fail again.
 */
export interface CreateProcessorPorts {
  readonly findExisting: (id: RequestId) => Promise<O.Option<WaitlistRequestPayload>>
  readonly lookupReferences: (query: ReferenceQuery) => Promise<CreateReferences>
  readonly insert: (
    request: ResolvedWaitlistRequest,
    stamp: CreationStamp,
  ) => Promise<E.Either<FieldErrors, WaitlistRequestPayload>>
  readonly now: () => Date
}

const created = (request: WaitlistRequestPayload): CreateJobResult => ({ outcome: 'created', request })
const rejected = (errors: FieldErrors): CreateJobResult => ({ outcome: 'rejected', errors })

/**
 * The rules, then the write. The write is insert-or-return-existing, so a rerun
 * whose rules still pass answers with its stored row; only a rerun the rules
 * (or the database) would now refuse, say the next day, needs to look for its
 * row. The common case so costs no lookup of a row that is not there.
 */
const createOrFind = (ports: CreateProcessorPorts, requestId: RequestId, submission: CreateSubmission) =>
  pipe(
    TE.fromTask(() => ports.lookupReferences(referenceQueryOf(submission))),
    TE.bindTo('references'),
    TE.bind('now', () => TE.fromIO(ports.now)),
    TE.chainW(({ references, now }) =>
      pipe(
        TE.fromEither(resolveCreateRequest(submission, references, now)),
        TE.chain((request) => () => ports.insert(request, { id: requestId, at: now, by: submission.actor })),
        TE.orElse((errors) =>
          pipe(
            TE.fromTask(() => ports.findExisting(requestId)),
            TE.chain(O.match(() => TE.left(errors), TE.right<FieldErrors, WaitlistRequestPayload>)),
          ),
        ),
      ),
    ),
  )

/**
 * Runs one create job: the same synchronous rules as the ingress, then the
 * rules that need reference data, then the write. A job whose request was
 * already written (a rerun after a stall or retry) answers with that row, even
 * if the rules would now judge it differently (say, the next day).
 */
export const processCreateJob =
  (ports: CreateProcessorPorts) =>
  (data: unknown): Promise<CreateJobResult> =>
    pipe(
      TE.fromEither(decodeCreateJob(data)),
      TE.chainW(({ request_id, submission }) => createOrFind(ports, request_id, submission)),
      TE.match(rejected, created),
    )()
