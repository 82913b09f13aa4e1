import * as O from 'fp-ts/Option'
import { QueryTypes } from 'sequelize'
import type { Database } from '../../worker/db/connection'
import type { Actor } from '../../shared/auth/actor'
import type { ListQuery } from '../../shared/waitlist-request/list-query'
import type { ListReferences } from '../../shared/waitlist-request/list-scope'

interface Row {
  actor_org: string | null
  clinic_org: string | null
  patient_org: string | null
  provider_orgs: string[] | null
  category_orgs: string[] | null
}

/** The organizations of whatever a list query names, in one round trip; nothing is asked when nothing is named. */
export const lookupListReferences =
  (db: Database) =>
  async (actor: Actor, query: ListQuery): Promise<ListReferences> => {
    const named = [query.clinic_id, query.patient_id, query.provider_id, query.appointment_category_id]
    const organization = actor.role === 'USER' ? O.none : O.some(actor.org_id)
    if (named.every((id) => id === undefined)) {
      return { organization, clinic: O.none, patient: O.none, provider: O.none, category: O.none }
    }
    const [row] = await db.sequelize.query<Row>(
      `SELECT
         (SELECT organization_id FROM patients WHERE id = :actor_patient) AS actor_org,
         (SELECT organization_id FROM clinics WHERE id = :clinic_id) AS clinic_org,
         (SELECT organization_id FROM patients WHERE id = :patient_id) AS patient_org,
         (SELECT array_agg(DISTINCT c.organization_id) FROM provider_clinics pc JOIN clinics c ON c.id = pc.clinic_id
           WHERE pc.provider_id = :provider_id) AS provider_orgs,
         (SELECT array_agg(DISTINCT c.organization_id) FROM category_clinics cc JOIN clinics c ON c.id = cc.clinic_id
           WHERE cc.category_id = :category_id) AS category_orgs`,
      {
        replacements: {
          actor_patient: actor.role === 'USER' ? actor.patient_id : null,
          clinic_id: query.clinic_id ?? null,
          patient_id: query.patient_id ?? null,
          provider_id: query.provider_id ?? null,
          category_id: query.appointment_category_id ?? null,
        },
        type: QueryTypes.SELECT,
      },
    )
    return {
      organization: actor.role === 'USER' ? O.fromNullable(row?.actor_org) : organization,
      clinic: O.fromNullable(row?.clinic_org),
      patient: O.fromNullable(row?.patient_org),
      provider: O.fromNullable(row?.provider_orgs),
      category: O.fromNullable(row?.category_orgs),
    }
  }
