import { QueryTypes } from 'sequelize'
import type { Database } from '../db/connection'
import { latestToday, todayByZone } from '../../shared/waitlist-request/expiry'
import { SYSTEM_EXPIRY } from '../../shared/waitlist-request/history'

/** Rows per transaction: large enough to be quick, small enough that locks and WAL stay short. */
const EXPIRY_BATCH_SIZE = 50_000

const CHANGES = JSON.stringify([{ field: 'status', before: 'ACTIVE', after: 'EXPIRED' }])

/*
 * One batch in one statement: pick due ACTIVE rows (SKIP LOCKED, so sweeps on
 * several workers share the work instead of waiting on each other, and a row
 * a PATCH holds is left for the next sweep), mark them EXPIRED with their
 * next version, and write each one's history entry, all in one transaction.
 * "Today" per time zone is computed by the same pure rule as everywhere else
 * and passed in; PostgreSQL's own zone data is not consulted.
 */
const SWEEP = `
  WITH zone_today AS (
    SELECT * FROM unnest(ARRAY[:zones]::text[], ARRAY[:todays]::date[]) AS z (timezone, today)
  ), due AS (
    SELECT w.id
    FROM waitlist_requests w
    JOIN clinics c ON c.id = w.clinic_id
    JOIN zone_today z ON z.timezone = c.timezone
    WHERE w.status = 'ACTIVE' AND w.date_range_end < CAST(:horizon AS date) AND w.date_range_end < z.today
    ORDER BY w.date_range_end
    LIMIT :batch
    FOR UPDATE OF w SKIP LOCKED
  ), expired AS (
    UPDATE waitlist_requests w
    SET status = 'EXPIRED', version = w.version + 1, updated_at = :now, updated_by = :by, updated_by_role = NULL
    FROM due
    WHERE w.id = due.id AND w.status = 'ACTIVE'
    RETURNING w.id, w.version
  ), recorded AS (
    INSERT INTO waitlist_request_history (request_id, version, event, changes, actor, at)
    SELECT id, version, 'expired', CAST(:changes AS jsonb), :by, :now FROM expired
    RETURNING 1
  )
  SELECT count(*)::int AS n FROM recorded
`

/**
 * Marks every ACTIVE request whose date_range_end is over on its clinic's
 * calendar EXPIRED; returns how many this call expired. Idempotent: a request
 * is expired once, whoever sweeps and however often.
 */
export const expireDueRequests = async (
  db: Database,
  now: Date,
  batchSize: number = EXPIRY_BATCH_SIZE,
): Promise<number> => {
  const clinics = await db.sequelize.query<{ timezone: string }>('SELECT DISTINCT timezone FROM clinics', {
    type: QueryTypes.SELECT,
  })
  if (clinics.length === 0) return 0
  const zones = todayByZone(
    clinics.map((clinic) => clinic.timezone),
    now,
  )
  const replacements = {
    zones: zones.map((zone) => zone.timezone),
    todays: zones.map((zone) => zone.today),
    horizon: latestToday(now),
    now,
    by: SYSTEM_EXPIRY,
    changes: CHANGES,
    batch: batchSize,
  }
  let total = 0
  for (;;) {
    const [result] = await db.sequelize.query<{ n: number }>(SWEEP, { replacements, type: QueryTypes.SELECT })
    const expired = result?.n ?? 0
    total += expired
    if (expired < batchSize) return total
  }
}
