import * as E from 'fp-ts/Either'
import type { Queue } from 'bullmq'
import type { Logger } from 'pino'
import { QueryTypes } from 'sequelize'
import { atClinic } from '../../shared/openings/opening-access'
import { fit, type FitRequest } from '../../shared/openings/fit'
import { waitlistJobOptions } from '../../shared/queue/job-options'
import { CANDIDATES_APPEARED_JOB_NAME, type CandidatesAppearedJobDataInput } from '../../shared/queue/offer-round-jobs'
import type { Database } from '../db/connection'
import { toStoredOpening, type OpeningRow } from '../openings/opening-rows'

/** The OPEN openings without a round (phase idle) at these clinics that one of `requests` fits. */
const idleOpeningsFitting = async (db: Database, requests: ReadonlyArray<FitRequest>): Promise<string[]> => {
  const active = requests.filter((request) => request.status === 'ACTIVE')
  if (active.length === 0) return []
  const rows = await db.sequelize.query<OpeningRow>(
    `SELECT o.*, c.timezone FROM openings o JOIN clinics c ON c.id = o.clinic_id
     WHERE o.clinic_id = ANY ($1::text[]) AND o.status = 'OPEN' AND o.round_phase = 'idle'`,
    { bind: [[...new Set(active.map((request) => request.clinic_id))]], type: QueryTypes.SELECT },
  )
  return rows
    .map(toStoredOpening)
    .filter((stored) => active.some((request) => E.isRight(fit(request, atClinic(stored)))))
    .map((stored) => stored.opening.id)
}

/** A `candidates-appeared` job for one opening: it starts a round there if the opening still has none. */
export const addCandidatesAppeared = (queue: Queue, openingId: string): Promise<unknown> =>
  queue.add(
    CANDIDATES_APPEARED_JOB_NAME,
    { version: 1, opening_id: openingId } satisfies CandidatesAppearedJobDataInput,
    waitlistJobOptions,
  )

/**
 * After requests are written (created, changed, imported): a
 * `candidates-appeared` job for each OPEN opening left without a round that
 * one of them fits, which starts a round if it still has none. Cheap (a
 * clinic's idle openings, through openings_clinic_idle) and not awaited, so
 * the write that calls it answers as fast as before; a failure is logged,
 * never the write's.
 */
export const nudgeOpenings =
  (db: Database, queue: Queue, logger: Logger) =>
  (requests: ReadonlyArray<FitRequest>): void => {
    void idleOpeningsFitting(db, requests)
      .then((openingIds) => Promise.all(openingIds.map((openingId) => addCandidatesAppeared(queue, openingId))))
      .catch((error: unknown) => logger.warn({ err: error }, 'could not look for openings the new requests fit'))
  }
