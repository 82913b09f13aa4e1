import { DeclineOffer } from '../../shared/offers/offer-answer'
import { OfferId } from '../../shared/offers/offer-id'
import { OfferListPage, OfferListQuery } from '../../shared/offers/offer-list'
import { AcceptedOffer, LinkedOffer } from '../../shared/offers/linked-offer'
import { AcceptOffer } from '../routes/answer-offer'
import { OFFERS_PATH } from '../routes/read-offers'
import { idParameter, type RouteDoc } from './route-doc'
import { ACCEPTED, DECLINE_BODY, DECLINED, OFFER, OFFER_PAGE } from './offer-examples'

const TAG = 'Offers'
const ONE = `${OFFERS_PATH}/:id`
const id = idParameter(OfferId, 'offer')

const WHO =
  "By the offer's patient, or staff of its organization on the patient's behalf; anyone else gets the 404 of an unknown offer."

/** An answer runs as a job; the same answer from the same `sub` again is answered as the first time. */
const answerResponses = {
  202: { shared: 'Accepted' },
  404: { shared: 'NotFound' },
  409: { shared: 'Conflict' },
  503: { shared: 'ServiceUnavailable' },
} as const

export const OFFER_ROUTES: ReadonlyArray<RouteDoc> = [
  {
    method: 'get',
    path: OFFERS_PATH,
    operationId: 'listOffers',
    tag: TAG,
    summary: 'List offers',
    description:
      "One keyset page, newest first: a patient's own offers, or staff's organization's. The filters narrow that and never widen it.",
    access: 'token',
    query: OfferListQuery,
    responses: {
      200: {
        description: 'One page; pass `next_cursor` as `cursor` for the next.',
        data: { codec: OfferListPage, examples: OFFER_PAGE },
      },
      400: { shared: 'BadRequest' },
    },
  },
  {
    method: 'get',
    path: ONE,
    operationId: 'readOffer',
    tag: TAG,
    summary: 'Read an offer',
    description: `The offer, with the link to its page (the token in it is the patient's credential). ${WHO}`,
    access: 'token',
    parameters: [id],
    responses: {
      200: { description: 'The offer.', data: { codec: LinkedOffer, examples: OFFER } },
      404: { shared: 'NotFound' },
    },
  },
  {
    method: 'post',
    path: `${ONE}/accept`,
    operationId: 'acceptOffer',
    tag: TAG,
    summary: 'Accept an offer',
    description: `The first acceptance of an opening's offers books the slot, in one transaction: the offer ACCEPTED, the opening FILLED, the request FULFILLED, every other pending offer WITHDRAWN. The body is optional and no field of it is read. ${WHO}`,
    access: 'token',
    parameters: [id],
    body: { codec: AcceptOffer, required: false },
    responses: {
      200: {
        description: 'The offer, ACCEPTED, with its booking.',
        data: { codec: AcceptedOffer, examples: ACCEPTED },
      },
      ...answerResponses,
    },
  },
  {
    method: 'post',
    path: `${ONE}/decline`,
    operationId: 'declineOffer',
    tag: TAG,
    summary: 'Decline an offer',
    description: `The request stays ACTIVE for other slots; when no offer of the round is left waiting, the next round starts at once. ${WHO}`,
    access: 'token',
    parameters: [id],
    body: { codec: DeclineOffer, required: false, examples: DECLINE_BODY },
    responses: {
      200: { description: 'The offer, DECLINED.', data: { codec: LinkedOffer, examples: DECLINED } },
      ...answerResponses,
    },
  },
]
