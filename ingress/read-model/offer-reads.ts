import * as O from 'fp-ts/Option'
import { QueryTypes } from 'sequelize'
import { OfferCursor, type OfferListFilter, type StoredOfferPage } from '../../shared/offers/offer-list'
import type { StoredOpeningWithOffers } from '../../shared/offers/linked-offer'
import type { OfferId } from '../../shared/offers/offer-id'
import { offerLink } from '../../shared/offers/offer-link'
import type { OfferPayload } from '../../shared/offers/offer-payload'
import type { Database } from '../../worker/db/connection'
import {
  SLOT_COLUMNS,
  SLOT_JOINS,
  toBooking,
  toOfferPayload,
  toOfferSlot,
  type BookingColumns,
  type OfferRow,
  type SlotRow,
} from '../../worker/offers/locked-opening'
import { toStoredOpening } from '../../worker/openings/opening-rows'

/** An offer as the API shows it, and whose it is, for the access rules (shared/offers/offer-answer.ts `mayAnswer`). */
export interface ReadOffer {
  readonly offer: OfferPayload
  readonly organization_id: string
}

type OfferSlotRow = SlotRow & { readonly offer: OfferRow }

/** Offers `f` joined to their opening's slot; a query adds its WHERE and ORDER BY. */
const OFFER_SELECT = `SELECT ${SLOT_COLUMNS}, to_jsonb(f) AS offer
  FROM offers f JOIN openings o ON o.id = f.opening_id ${SLOT_JOINS}`

// to_jsonb gives timestamps as strings: the payload mapping takes dates, as Sequelize reads them.
const offerRow = (raw: OfferRow): OfferRow => ({
  ...raw,
  expires_at: new Date(raw.expires_at),
  created_at: new Date(raw.created_at),
  responded_at: raw.responded_at === null ? null : new Date(raw.responded_at),
})

const toReadOffer = (row: OfferSlotRow): ReadOffer => {
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

/**
 * An opening with its booking (set exactly when FILLED) and every offer it
 * made, by round, then rank: one statement, so one snapshot, never a FILLED
 * opening beside its offers still PENDING.
 */
const findOpeningWithOffers =
  (db: Database) =>
  async (id: string): Promise<O.Option<StoredOpeningWithOffers>> => {
    const rows = await db.sequelize.query<SlotRow & BookingColumns & { readonly offer: OfferRow | null }>(
      `SELECT ${SLOT_COLUMNS}, to_jsonb(f) AS offer FROM openings o ${SLOT_JOINS}
       LEFT JOIN offers f ON f.opening_id = o.id WHERE o.id = $1 ORDER BY f.round, f.rank`,
      { bind: [id], type: QueryTypes.SELECT },
    )
    const [first] = rows
    if (first === undefined) return O.none
    const stored = toStoredOpening(first)
    const slot = toOfferSlot(first, stored)
    return O.some({
      ...stored,
      booking: first.booked_offer_id === null ? null : toBooking(first, stored),
      offers: rows.flatMap((row) => (row.offer === null ? [] : [toOfferPayload(offerRow(row.offer), slot)])),
    })
  }

/**
 * One keyset page of offers, newest first (then by id), read through
 * offers_patient_created or offers_org_created, or with a request named,
 * offers_request_created: a page costs the same however deep it is.
 */
const listOffers =
  (db: Database) =>
  async (filter: OfferListFilter): Promise<StoredOfferPage> => {
    const conditions: string[] = []
    const replacements: Record<string, unknown> = { limit: filter.limit + 1 }
    const equal = (column: string, value: unknown) => {
      if (value === undefined) return
      conditions.push(`f.${column} = :${column}`)
      replacements[column] = value
    }
    if ('patient_id' in filter.scope) equal('patient_id', filter.scope.patient_id)
    else equal('organization_id', filter.scope.organization_id)
    equal('opening_id', filter.opening_id)
    equal('request_id', filter.request_id)
    equal('status', filter.status)
    if (filter.after !== undefined) {
      // Casts written as CAST(…) so they never meet Sequelize's `:name` replacements.
      conditions.push('(f.created_at, f.id) < (CAST(:k0 AS timestamptz), CAST(:k1 AS uuid))')
      replacements['k0'] = filter.after.key[0]
      replacements['k1'] = filter.after.key[1]
    }
    const rows = await db.sequelize.query<OfferSlotRow>(
      `${OFFER_SELECT} WHERE ${conditions.join(' AND ')} ORDER BY f.created_at DESC, f.id DESC LIMIT :limit`,
      { replacements, type: QueryTypes.SELECT },
    )
    const items = rows.slice(0, filter.limit).map((row) => toReadOffer(row).offer)
    const last = items[items.length - 1]
    return {
      items,
      next_cursor:
        rows.length > filter.limit && last !== undefined
          ? OfferCursor.encode({ key: [last.created_at, last.id] })
          : null,
    }
  }

/**
 * What the API reads of offers, straight from PostgreSQL on its own handle,
 * and where each offer's page is: every offer it answers carries its link.
 */
export const createOfferReadModel = (
  db: Database,
  link: { readonly publicBaseUrl: string; readonly secret: string },
) => ({
  findOffer: findOffer(db),
  list: listOffers(db),
  findOpeningWithOffers: findOpeningWithOffers(db),
  links: (id: OfferId) => offerLink(link.publicBaseUrl, link.secret, id),
})
