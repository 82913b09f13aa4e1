import * as E from 'fp-ts/Either'
import { QueryTypes } from 'sequelize'
import { DEFAULT_OFFER_POLICY, OfferPolicy } from '../../shared/reference-data/offer-policy'
import type { Database } from '../db/connection'
import type { PolicyFor } from './round-engine'

/**
 * Each organization's offer policy as `db:seed` stored it (`waitlist.offers`), read in the round's own
 * transaction so a round judges by one policy throughout; an organization without one gets the defaults.
 */
export const storedOfferPolicy =
  (db: Database): PolicyFor =>
  async (organizationId, transaction) => {
    const [row] = await db.sequelize.query<{ waitlist_offers: unknown }>(
      'SELECT waitlist_offers FROM organizations WHERE id = $1',
      { bind: [organizationId], type: QueryTypes.SELECT, transaction },
    )
    if (row === undefined) return DEFAULT_OFFER_POLICY
    const policy = OfferPolicy.decode(row.waitlist_offers)
    if (E.isLeft(policy))
      throw new Error(`stored offer policy of organization ${organizationId} does not match its contract`)
    return policy.right
  }
