import { isRecord } from '../../shared/codecs/input-guards'

/**
 * The fields of job data the dashboard shows: ids, versions and positions, never a patient's (the body, notes,
 * reasons, `patient_id`). Jobs of every organization share the queues, and an ADMIN is an admin of one.
 */
const SHOWN_FIELDS = new Set([
  'version',
  'request_id',
  'change_id',
  'offer_id',
  'opening_id',
  'event_id',
  'batch_id',
  'chunk',
  'timer',
  'correlation_id',
])

/** Of the actor, who files (role and organization), not who they are. */
const actorSummary = (actor: unknown) =>
  isRecord(actor) ? { role: actor['role'], org_id: actor['org_id'] } : undefined

/**
 * Job data as the dashboard shows it: the ids above, the actor's role and organization, an import chunk's row
 * count, and the names of the fields left out, so an admin knows they are there (in Redis) without reading them.
 */
export const jobDataSummary = (data: unknown): unknown => {
  if (!isRecord(data)) return {}
  const shown = Object.entries(data).filter(([key]) => SHOWN_FIELDS.has(key))
  const hidden = Object.keys(data).filter((key) => !SHOWN_FIELDS.has(key) && key !== 'actor' && key !== 'rows')
  return {
    ...Object.fromEntries(shown),
    ...('actor' in data ? { actor: actorSummary(data['actor']) } : {}),
    ...(Array.isArray(data['rows']) ? { rows: data['rows'].length } : {}),
    ...(hidden.length === 0 ? {} : { not_shown: hidden }),
  }
}

/**
 * A job's result as the dashboard shows it: its outcome and reason words. The rest (a stored request with its
 * notes, rejection messages that quote what was sent) stays in Redis for the API to answer with.
 */
export const jobResultSummary = (result: unknown): unknown => {
  if (!isRecord(result)) return result === undefined || result === null ? result : {}
  const words = Object.entries(result).filter(
    ([key, value]) => ['outcome', 'reason'].includes(key) && typeof value === 'string',
  )
  return Object.fromEntries(words)
}

/**
 * What the dashboard says in place of a failure's message and stack, which may quote the database's text and with
 * it a patient's: the error's name (the first word of its stack), and where its details are.
 */
export const failureSummary = (jobId: string | undefined, stacktrace: ReadonlyArray<string> | null): string => {
  const name = /^([A-Za-z_$][\w$]*)(?::|$)/m.exec(stacktrace?.[stacktrace.length - 1] ?? '')?.[1] ?? 'Error'
  return `${name}: its message is not shown here (it may quote patient data); the worker's log has the failure of job ${jobId ?? ''}`
}
