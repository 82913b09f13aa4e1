import type { Answer } from './client'

export type OperationKind =
  | 'create'
  | 'create-unkeyed'
  | 'create-refused'
  | 'probe'
  | 'change'
  | 'cancel'
  | 'fulfil'
  | 'read'
  | 'open-slot'
  | 'accept'
  | 'decline'

/** The operations that file a request, each judged by whether its marker was stored once. */
export const CREATE_KINDS: ReadonlySet<OperationKind> = new Set(['create', 'create-unkeyed', 'create-refused', 'probe'])

/**
 * One operation as the client saw it: the last answer (0: none came), how many calls it took (a keyed create and
 * an opening with an external_id are sent again after no answer or a 5xx, as a careful client does), and what it
 * was about, for the reconciliation. `marker` is a value unique to the operation written into what it stores
 * (notes, a reason, an appointment id), so the database tells how often it was written.
 */
export interface Operation {
  readonly kind: OperationKind
  readonly startedAt: number
  readonly endedAt: number
  readonly status: number
  readonly attempts: number
  readonly marker?: string
  readonly requestId?: string
  /** Every request id the answers named: more than one for one operation is a create done twice. */
  readonly answeredIds?: ReadonlyArray<string>
  /** The patient who filed a create themself (staff filed it otherwise): whose token reads its ending. */
  readonly filedBy?: string
  readonly openingId?: string
  readonly offerId?: string
}

export interface Records {
  readonly add: (operation: Operation) => void
  readonly all: () => ReadonlyArray<Operation>
}

export const records = (): Records => {
  const operations: Operation[] = []
  return { add: (operation) => operations.push(operation), all: () => operations }
}

/** What an operation was about, besides its answers. */
type About = Omit<Operation, 'kind' | 'startedAt' | 'endedAt' | 'status' | 'attempts'>

/**
 * Records the answers one operation got (several when it was sent again) as one operation: from the first call's
 * start to the last call's answer. Answers the last answer.
 */
export const recordAnswers = (
  records: Records,
  kind: OperationKind,
  answers: ReadonlyArray<Answer>,
  about: About = {},
): Answer => {
  const [first] = answers
  const last = answers[answers.length - 1]
  if (first === undefined || last === undefined) throw new Error(`${kind} recorded without an answer`)
  records.add({
    kind,
    startedAt: first.startedAt,
    endedAt: last.endedAt,
    status: last.status,
    attempts: answers.length,
    ...about,
  })
  return last
}

/** The id an answer names (`data.id`), whatever its status. */
export const answeredId = (answer: Answer): string | undefined => {
  const id: unknown = answer.body?.data?.id
  return typeof id === 'string' ? id : undefined
}

/** No answer, or a fault's: a careful client sends it again (safe with an Idempotency-Key or an external_id). */
export const worthRetrying = (answer: Answer): boolean => answer.status === 0 || answer.status >= 500
