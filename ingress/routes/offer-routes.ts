import type Router from '@koa/router'
import type { VerifyToken } from '../auth/verify-token'
import { authenticate, type AuthenticatedState } from '../middleware/authenticate'
import { optionalJsonBody } from '../middleware/optional-json-body'
import type { JobClient } from '../queue/job-client'
import { answerOffer } from './answer-offer'
import { OFFERS_PATH, listOffers, readOffer, type OfferReads } from './read-offers'

/**
 * The routes of offers (docs/api.md): the offer's patient and staff of its
 * organization read and answer it. Answers go through the queue; reads do not.
 */
export const registerOfferRoutes = (
  router: Router<AuthenticatedState>,
  deps: {
    readonly verifyToken: VerifyToken
    readonly jobs: JobClient
    readonly offers: OfferReads
    readonly bodyLimitBytes: number
  },
): void => {
  const auth = authenticate(deps.verifyToken)
  const one = `${OFFERS_PATH}/:id`
  const body = optionalJsonBody(deps.bodyLimitBytes)
  router.get(OFFERS_PATH, auth, listOffers(deps.offers))
  router.get(one, auth, readOffer(deps.offers))
  router.post(`${one}/accept`, auth, body, answerOffer('accept', deps.jobs, deps.offers.links))
  router.post(`${one}/decline`, auth, body, answerOffer('decline', deps.jobs, deps.offers.links))
}
