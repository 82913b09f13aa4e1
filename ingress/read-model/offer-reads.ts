import * as O from 'fp-ts/Option'
import { QueryTypes } from 'sequelize'
import type { OfferPayload } from '../../shared/offers/offer-payload'
import type { Database } from '../../worker/db/connection'
import {
  SLOT_COLUMNS,
  SLOT_JOINS,
  toOfferPayload,
  toOfferSlot,
  type OfferRow,
  type SlotRow,
} from '../../worker/offers/locked-opening'

/** An offer as the API shows it, and whose it is, for the access rules (shared/offers/offer-answer.ts `mayAnswer`). */
export interface ReadOffer {
  readonly offer: OfferPayload
  readonly organization_id: string
}

type OfferSlotRow = SlotRow & { readonly offer: OfferRow }

/** Offers `f` joined to their opening's slot; a query adds its WHERE and ORDER BY. */
export const OFFER_SELECT = `SELECT ${SLOT_COLUMNS}, to_jsonb(f) AS offer
  FROM offers f JOIN openings o ON o.id = f.opening_id ${SLOT_JOINS}`

// to_jsonb gives timestamps as strings: the payload mapping takes dates, as Sequelize reads them.
const offerRow = (raw: OfferRow): OfferRow => ({
  ...raw,
  expires_at: new Date(raw.expires_at),
  created_at: new Date(raw.created_at),
  responded_at: raw.responded_at === null ? null : new Date(raw.responded_at),
})

export const toReadOffer = (row: OfferSlotRow): ReadOffer => {
  const offer = offerRow(row.offer)
  return { offer: toOfferPayload(offer, toOfferSlot(row)), organization_id: offer.organization_id }
}

/** One offer by id, with its slot; none when there is no such offer. */
export const findOffer =
  (db: Database) =>
  async (id: string): Promise<O.Option<ReadOffer>> => {
    const [row] = await db.sequelize.query<OfferSlotRow>(`${OFFER_SELECT} WHERE f.id = $1`, {
      bind: [id],
      type: QueryTypes.SELECT,
    })
    return row === undefined ? O.none : O.some(toReadOffer(row))
  }
