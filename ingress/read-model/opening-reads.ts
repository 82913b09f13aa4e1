import * as O from 'fp-ts/Option'
import { QueryTypes } from 'sequelize'
import { OpeningCursor, type OpeningListFilter, type OpeningListPage } from '../../shared/openings/opening-list'
import type { Database } from '../../worker/db/connection'
import { explainCandidate, findRankedCandidates } from '../../worker/openings/find-candidates'
import { findRecentEndedOffers } from '../../worker/offers/patient-offers'
import { findOpening } from '../../worker/openings/opening-repository'
import { toStoredOpening, type OpeningRow } from '../../worker/openings/opening-rows'

/** One keyset page of openings, soonest first, read through openings_org_order or openings_clinic_order. */
const listOpenings =
  (db: Database) =>
  async (filter: OpeningListFilter): Promise<OpeningListPage> => {
    const conditions = ['o.organization_id = :organization_id', 'o.status = :status']
    const replacements: Record<string, unknown> = {
      organization_id: filter.organization_id,
      status: filter.status,
      limit: filter.limit + 1,
    }
    if (filter.clinic_id !== undefined) {
      conditions.push('o.clinic_id = :clinic_id')
      replacements['clinic_id'] = filter.clinic_id
    }
    if (filter.after !== undefined) {
      // Casts written as CAST(…) so they never meet Sequelize's `:name` replacements.
      conditions.push('(o.start, o.id) > (CAST(:k0 AS timestamptz), CAST(:k1 AS uuid))')
      replacements['k0'] = filter.after.key[0]
      replacements['k1'] = filter.after.key[1]
    }
    const rows = await db.sequelize.query<OpeningRow>(
      `SELECT o.*, c.timezone FROM openings o JOIN clinics c ON c.id = o.clinic_id
       WHERE ${conditions.join(' AND ')} ORDER BY o.start, o.id LIMIT :limit`,
      { replacements, type: QueryTypes.SELECT },
    )
    const items = rows.slice(0, filter.limit).map((row) => toStoredOpening(row).opening)
    const last = items[items.length - 1]
    return {
      items,
      next_cursor:
        rows.length > filter.limit && last !== undefined ? OpeningCursor.encode({ key: [last.start, last.id] }) : null,
    }
  }

/** The organization of a clinic, if there is such a clinic. */
const clinicOrganization =
  (db: Database) =>
  async (clinicId: string): Promise<O.Option<string>> => {
    const row = await db.models.Clinic.findByPk(clinicId, { attributes: ['organization_id'], raw: true })
    return O.fromNullable(row?.organization_id)
  }

/**
 * What the API reads of openings, straight from PostgreSQL on its own handle:
 * one opening, a page of them, and its candidates, ranked with the offers
 * their patients declined or let lapse in the last week.
 */
export const createOpeningReadModel = (db: Database) => {
  const recentOffers = findRecentEndedOffers(db)
  return {
    findOpening: (id: string) => findOpening(db, id),
    list: listOpenings(db),
    clinicOrganization: clinicOrganization(db),
    candidates: findRankedCandidates(db, recentOffers),
    explain: explainCandidate(db, recentOffers),
  }
}
