import type { Client as Postgres } from 'pg'
import type { ImportFile, ImportRun } from './import-workload'
import { CREATE_KINDS, type Operation, type OperationKind } from './records'
import { OFFER_CLINIC, ORG } from './world'

export type FindingKind =
  'lost' | 'duplicated' | 'double-booked' | 'wrote-on-refusal' | 'inconsistent' | 'unsettled' | 'undelivered'

export interface Finding {
  readonly kind: FindingKind
  /** Ids and markers only: never a patient's data. */
  readonly detail: string
}

export interface Evidence {
  readonly operations: ReadonlyArray<Operation>
  /** What `GET` on the request answered, after the run, for each create answered 202. */
  readonly settled: ReadonlyMap<string, number>
  readonly importFile: ImportFile
  readonly importRuns: ReadonlyArray<ImportRun>
  /** The event ids the test webhook receiver was sent. */
  readonly delivered: ReadonlySet<string>
  /** When the service had settled (the database's clock): events written later are not checked. */
  readonly settledAt: Date
}

const WRITES: ReadonlySet<OperationKind> = new Set(['change', 'cancel', 'fulfil'])
const refusal = (status: number) => status >= 400 && status < 500

const rows = async <R>(db: Postgres, sql: string, values: unknown[] = []): Promise<R[]> =>
  (await db.query(sql, values)).rows as R[]

/**
 * Every stored request of the organization by the marker its create wrote in its notes (imports and creates carry
 * one each): the notes now, or, once a change replaced them, what the first such change found there.
 */
const requestsByMarker = async (db: Postgres): Promise<Map<string, string[]>> => {
  const found = new Map<string, string[]>()
  for (const { id, notes } of await rows<{ id: string; notes: string }>(
    db,
    `SELECT r.id, coalesce(
       (SELECT c->>'before' FROM waitlist_request_history h, jsonb_array_elements(h.changes) c
        WHERE h.request_id = r.id AND c->>'field' = 'notes' ORDER BY h.version LIMIT 1),
       r.notes) AS notes
     FROM waitlist_requests r WHERE r.organization_id = $1`,
    [ORG],
  ))
    found.set(notes, [...(found.get(notes) ?? []), id])
  return found
}

/** How many history entries wrote each value (a change's notes, a cancel's reason, a fulfil's appointment id). */
const writesByMarker = async (db: Postgres): Promise<Map<string, number>> => {
  const found = new Map<string, number>()
  for (const { after } of await rows<{ after: string }>(
    db,
    `SELECT DISTINCT h.id, c->>'after' AS after FROM waitlist_request_history h, jsonb_array_elements(h.changes) c
     WHERE h.event <> 'created'`,
  )) {
    const marker = /chaos-s\d+-\d{6}/.exec(after ?? '')?.[0]
    if (marker !== undefined) found.set(marker, (found.get(marker) ?? 0) + 1)
  }
  return found
}

const checkCreates = (evidence: Evidence, byMarker: Map<string, string[]>): Finding[] =>
  evidence.operations
    .filter((operation) => CREATE_KINDS.has(operation.kind) && operation.marker !== undefined)
    .flatMap((operation): Finding[] => {
      const stored = byMarker.get(operation.marker ?? '') ?? []
      const about = `${operation.kind} ${operation.marker} (answered ${operation.status})`
      const findings: Finding[] = []
      if (stored.length > 1) findings.push({ kind: 'duplicated', detail: `${about}: stored ${stored.length} times` })
      if ((operation.answeredIds ?? []).length > 1)
        findings.push({ kind: 'duplicated', detail: `${about}: answers named ${operation.answeredIds?.join(', ')}` })
      const ending = operation.status === 202 ? (evidence.settled.get(operation.requestId ?? '') ?? 0) : undefined
      const acknowledged = operation.status === 201 || ending === 200
      if (acknowledged && (stored.length === 0 || stored[0] !== operation.requestId))
        findings.push({ kind: 'lost', detail: `${about}: not stored as ${operation.requestId}` })
      if (ending === 202 || ending === 0)
        findings.push({ kind: 'unsettled', detail: `${about}: its Location still answers ${ending}` })
      if (ending === 404) findings.push({ kind: 'lost', detail: `${about}: its Location answers 404` })
      if ((refusal(operation.status) || (ending !== undefined && refusal(ending))) && stored.length > 0)
        findings.push({ kind: 'wrote-on-refusal', detail: `${about}: stored as ${stored[0]}` })
      return findings
    })

const checkWrites = (evidence: Evidence, written: Map<string, number>): Finding[] =>
  evidence.operations
    .filter((operation) => WRITES.has(operation.kind))
    .flatMap((operation): Finding[] => {
      const times = written.get(operation.marker ?? '') ?? 0
      const about = `${operation.kind} ${operation.marker} of ${operation.requestId} (answered ${operation.status})`
      if (times > 1) return [{ kind: 'duplicated', detail: `${about}: in the history ${times} times` }]
      if ((operation.status === 200 || operation.status === 202) && times === 0)
        return [{ kind: 'lost', detail: `${about}: not in the history` }]
      if (refusal(operation.status) && times > 0) return [{ kind: 'wrote-on-refusal', detail: `${about}: written` }]
      return []
    })

/** Each request's version is the number of writes it saw: as many history entries, numbered 1 to version. */
const checkVersions = async (db: Postgres): Promise<Finding[]> =>
  (
    await rows<{ id: string; version: number; entries: number; last: number }>(
      db,
      `SELECT r.id, r.version, count(h.id)::int AS entries, coalesce(max(h.version), 0) AS last
       FROM waitlist_requests r LEFT JOIN waitlist_request_history h ON h.request_id = r.id
       WHERE r.organization_id = $1 GROUP BY r.id, r.version
       HAVING r.version <> count(h.id) OR r.version <> coalesce(max(h.version), 0)`,
      [ORG],
    )
  ).map((row) => ({
    kind: 'inconsistent',
    detail: `request ${row.id} is at version ${row.version} with ${row.entries} history entries (last ${row.last})`,
  }))

const checkOpenings = async (db: Postgres, evidence: Evidence): Promise<Finding[]> => {
  const findings: Finding[] = []
  const openings = new Set(
    (
      await rows<{ external_id: string }>(db, 'SELECT external_id FROM openings WHERE clinic_id = $1', [OFFER_CLINIC])
    ).map((row) => row.external_id),
  )
  for (const operation of evidence.operations.filter((o) => o.kind === 'open-slot'))
    if ((operation.status === 201 || operation.status === 202) && !openings.has(operation.marker ?? ''))
      findings.push({ kind: 'lost', detail: `opening ${operation.marker} (answered ${operation.status}) not stored` })
  for (const row of await rows<{ opening_id: string; accepted: number }>(
    db,
    `SELECT opening_id, count(*)::int AS accepted FROM offers WHERE status = 'ACCEPTED' GROUP BY opening_id HAVING count(*) > 1`,
  ))
    findings.push({ kind: 'double-booked', detail: `opening ${row.opening_id} has ${row.accepted} accepted offers` })
  for (const row of await rows<{ id: string; status: string; booked: string | null; request: string | null }>(
    db,
    `SELECT o.id, o.status, o.booked_offer_id AS booked, r.status AS request
     FROM openings o LEFT JOIN offers a ON a.opening_id = o.id AND a.status = 'ACCEPTED'
     LEFT JOIN waitlist_requests r ON r.id = a.request_id
     WHERE (o.status = 'FILLED') <> (a.id IS NOT NULL) OR o.booked_offer_id IS DISTINCT FROM a.id
        OR (a.id IS NOT NULL AND r.status <> 'FULFILLED')`,
  ))
    findings.push({
      kind: 'inconsistent',
      detail: `opening ${row.id} is ${row.status} (booked offer ${row.booked}) with its accepted offer's request ${row.request}`,
    })
  // An OPEN opening must be working through its rounds: opened (not left 'new'), and a round's timer must have fired.
  for (const row of await rows<{ id: string; round_phase: string; late_s: number | null }>(
    db,
    `SELECT id, round_phase, extract(epoch FROM $1::timestamptz - round_at)::int AS late_s FROM openings
     WHERE status = 'OPEN' AND (round_phase = 'new' OR (round_phase IN ('waiting', 'live') AND round_at < $1::timestamptz - interval '30 seconds'))`,
    [evidence.settledAt],
  ))
    findings.push({
      kind: 'inconsistent',
      detail:
        row.round_phase === 'new'
          ? `opening ${row.id} is OPEN and its rounds never started`
          : `opening ${row.id}'s ${row.round_phase} round was due ${row.late_s} s before the run settled`,
    })
  const accepted = new Map(
    (await rows<{ id: string; status: string }>(db, 'SELECT id, status FROM offers')).map((row) => [
      row.id,
      row.status,
    ]),
  )
  const winners = new Map<string, Set<string>>()
  for (const operation of evidence.operations.filter((o) => o.kind === 'accept' && o.status === 200)) {
    const opening = operation.openingId ?? ''
    winners.set(opening, (winners.get(opening) ?? new Set()).add(operation.offerId ?? ''))
    if (accepted.get(operation.offerId ?? '') !== 'ACCEPTED')
      findings.push({ kind: 'lost', detail: `accept of offer ${operation.offerId} answered 200, offer not ACCEPTED` })
  }
  for (const [opening, offers] of winners)
    if (offers.size > 1)
      findings.push({ kind: 'double-booked', detail: `opening ${opening}: 200 for offers ${[...offers].join(', ')}` })
  return findings
}

const checkEvents = async (db: Postgres, evidence: Evidence): Promise<Finding[]> =>
  (
    await rows<{ id: string; type: string }>(
      db,
      'SELECT id, type FROM outbox_events WHERE organization_id = $1 AND created_at <= $2',
      [ORG, evidence.settledAt],
    )
  )
    .filter((event) => !evidence.delivered.has(event.id))
    .map((event) => ({ kind: 'undelivered', detail: `event ${event.id} (${event.type}) never reached the webhook` }))

const checkImport = (evidence: Evidence, byMarker: Map<string, string[]>): Finding[] => {
  const finished = evidence.importRuns.some((run) => run.exitCode === 0)
  const findings: Finding[] = finished
    ? []
    : [{ kind: 'unsettled', detail: `the import did not finish in ${evidence.importRuns.length} runs` }]
  for (const row of evidence.importFile.rows) {
    const stored = (byMarker.get(row.marker) ?? []).length
    if (stored > 1) findings.push({ kind: 'duplicated', detail: `import row ${row.marker} stored ${stored} times` })
    if (row.valid && finished && stored === 0) findings.push({ kind: 'lost', detail: `import row ${row.marker}` })
    if (!row.valid && stored > 0) findings.push({ kind: 'wrote-on-refusal', detail: `import row ${row.marker}` })
  }
  return findings
}

/** Everything the client was told, held against what the database and the webhook receiver have. */
export const reconcile = async (db: Postgres, evidence: Evidence): Promise<Finding[]> => {
  const byMarker = await requestsByMarker(db)
  return [
    ...checkCreates(evidence, byMarker),
    ...checkWrites(evidence, await writesByMarker(db)),
    ...(await checkVersions(db)),
    ...(await checkOpenings(db, evidence)),
    ...(await checkEvents(db, evidence)),
    ...checkImport(evidence, byMarker),
  ]
}
