import * as t from 'io-ts'
import type { StoredOpening } from '../openings/opening-access'
import { OpeningPayload } from '../openings/opening-payload'
import type { OfferId } from './offer-id'
import { Booking, OfferPayload } from './offer-payload'

/** The URL of an offer's page: `offerLink` (offer-link.ts) with the deployment's address and secret. */
export type OfferLinks = (id: OfferId) => string

/**
 * An offer as the API answers it (docs/api.md): as stored, with the link to
 * its page. Whoever may read the offer sees the link, its patient and staff
 * of its organization alike: staff may send it themselves.
 */
export const LinkedOffer = t.type({ ...OfferPayload.props, link: t.string }, 'LinkedOffer')
export type LinkedOffer = t.TypeOf<typeof LinkedOffer>

export const linkedOffer =
  (links: OfferLinks) =>
  (offer: OfferPayload): LinkedOffer => ({ ...offer, link: links(offer.id) })

/** The answer to an acceptance: the offer ACCEPTED, with the booking it made. */
export const AcceptedOffer = t.type({ ...LinkedOffer.props, booking: Booking }, 'AcceptedOffer')
export type AcceptedOffer = t.TypeOf<typeof AcceptedOffer>

/**
 * An opening as staff read it one at a time: its payload, every offer it
 * made (by round, then rank) and, once FILLED, its booking; the field is
 * absent before, as a request's `booked_appointment` is.
 */
export const OpeningWithOffers = t.intersection(
  [OpeningPayload, t.type({ offers: t.array(LinkedOffer) }), t.partial({ booking: Booking })],
  'OpeningWithOffers',
)
export type OpeningWithOffers = t.TypeOf<typeof OpeningWithOffers>

/** A stored opening with its booking (exactly when FILLED) and its offers, as read in one snapshot. */
export interface StoredOpeningWithOffers extends StoredOpening {
  readonly booking: Booking | null
  readonly offers: ReadonlyArray<OfferPayload>
}

export const openingWithOffers = (stored: StoredOpeningWithOffers, links: OfferLinks): OpeningWithOffers => ({
  ...stored.opening,
  offers: stored.offers.map(linkedOffer(links)),
  ...(stored.booking === null ? {} : { booking: stored.booking }),
})
