import * as E from 'fp-ts/Either'
import * as O from 'fp-ts/Option'
import type { Middleware } from 'koa'
import { decodeWithFieldErrors } from '../../shared/errors/field-error'
import { linkedOffer, type OfferLinks } from '../../shared/offers/linked-offer'
import { mayAnswer, offerNotFound } from '../../shared/offers/offer-answer'
import { OfferId } from '../../shared/offers/offer-id'
import {
  OfferListQuery,
  scopeOfferList,
  type OfferListFilter,
  type OfferListPage,
  type StoredOfferPage,
} from '../../shared/offers/offer-list'
import type { OfferPayload } from '../../shared/offers/offer-payload'
import type { AuthenticatedState } from '../middleware/authenticate'
import { answerRefusal, answerSuccess } from '../http/answers'
import { pathId } from './update-answer'
import { answerInvalid } from './refusal-answers'

export const OFFERS_PATH = '/apis/v1/offers'

/** Where an offer is read: the Location of a 202 about an answer to it. */
export const offerLocation = (id: string) => `${OFFERS_PATH}/${encodeURIComponent(id)}`

export interface OfferReads {
  readonly findOffer: (
    id: string,
  ) => Promise<O.Option<{ readonly offer: OfferPayload; readonly organization_id: string }>>
  readonly list: (filter: OfferListFilter) => Promise<StoredOfferPage>
  readonly links: OfferLinks
}

/**
 * `GET /apis/v1/offers/{id}`: the offer's patient and staff of its
 * organization read it; anyone else, like an unknown or malformed id, gets
 * the 404 of an offer that does not exist.
 */
export const readOffer =
  (reads: OfferReads): Middleware<AuthenticatedState> =>
  async (ctx) => {
    const id = pathId(ctx)
    const found = OfferId.is(id) ? await reads.findOffer(id) : O.none
    if (O.isNone(found)) return answerRefusal(ctx, offerNotFound)
    const { offer, organization_id } = found.value
    if (!mayAnswer(ctx.state.actor, { organization_id, patient_id: offer.patient_id })) {
      return answerRefusal(ctx, offerNotFound)
    }
    answerSuccess(ctx, 200, linkedOffer(reads.links)(offer))
  }

/** `GET /apis/v1/offers`: the caller's offers (a patient's own, staff's organization's), newest first, a keyset page. */
export const listOffers =
  (reads: OfferReads): Middleware<AuthenticatedState> =>
  async (ctx) => {
    const query = decodeWithFieldErrors(OfferListQuery)(ctx.query)
    if (E.isLeft(query)) return answerInvalid(ctx, query.left)
    const page = await reads.list(scopeOfferList(ctx.state.actor, query.right))
    const answer: OfferListPage = { items: page.items.map(linkedOffer(reads.links)), next_cursor: page.next_cursor }
    answerSuccess(ctx, 200, answer)
  }
