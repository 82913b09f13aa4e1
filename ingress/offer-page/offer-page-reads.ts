import * as O from 'fp-ts/Option'
import type { OfferPayload } from '../../shared/offers/offer-payload'
import type { Database } from '../../worker/db/connection'
import { findOffer } from '../read-model/offer-reads'

/** An offer as its page shows it: the offer with its slot, and its clinic's name (the slot names only its id). */
export interface LinkedOffer {
  readonly offer: OfferPayload
  readonly clinicName: string
}

export type FindLinkedOffer = (id: string) => Promise<O.Option<LinkedOffer>>

export const findLinkedOffer = (db: Database): FindLinkedOffer => {
  const find = findOffer(db)
  return async (id) => {
    const found = await find(id)
    if (O.isNone(found)) return O.none
    const { offer } = found.value
    const clinic = await db.models.Clinic.findByPk(offer.slot.clinic_id, { attributes: ['name'], raw: true })
    // A foreign key holds the clinic's row; should it ever be missing, its id names it rather than nothing.
    return O.some({ offer, clinicName: clinic?.name ?? offer.slot.clinic_id })
  }
}
