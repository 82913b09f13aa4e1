import type Router from '@koa/router'
import type { VerifyToken } from '../auth/verify-token'
import { authenticate, type AuthenticatedState } from '../middleware/authenticate'
import { jsonBody } from '../middleware/json-body'
import { optionalJsonBody } from '../middleware/optional-json-body'
import type { JobClient } from '../queue/job-client'
import { changeWaitlistRequest } from './change-waitlist-request'
import { WAITLIST_REQUESTS_PATH } from './waitlist-request-paths'
import { cancelWaitlistRequest, fulfillWaitlistRequest, staffOnlyFulfill } from './end-waitlist-request'
import { listWaitlistRequests, type ListPorts } from './list-waitlist-requests'
import type { FindWaitlistRequest } from './read-waitlist-request'
import { waitlistRequestHistory, type FindHistory } from './waitlist-request-history'
import { waitlistPageInFhir } from '../fhir/waitlist-forms'

/** Reads of a request and its life, straight from PostgreSQL (the ingress's read model). */
export interface WaitlistReads extends ListPorts {
  readonly findRequest: FindWaitlistRequest
  readonly findHistory: FindHistory
}

/**
 * The routes of a request's life after its create: list, change, cancel,
 * fulfil and history. Writes go through the queue like the create; reads do not.
 */
export const registerLifecycleRoutes = (
  router: Router<AuthenticatedState>,
  deps: {
    readonly verifyToken: VerifyToken
    readonly jobs: JobClient
    readonly reads: WaitlistReads
    readonly bodyLimitBytes: number
    readonly offerPage: { readonly publicBaseUrl: string }
  },
): void => {
  const auth = authenticate(deps.verifyToken)
  const one = `${WAITLIST_REQUESTS_PATH}/:id`
  router.get(
    WAITLIST_REQUESTS_PATH,
    ...waitlistPageInFhir(deps.offerPage.publicBaseUrl),
    auth,
    listWaitlistRequests(deps.reads),
  )
  router.patch(one, auth, ...jsonBody(deps.bodyLimitBytes), changeWaitlistRequest(deps.jobs))
  router.post(`${one}/cancel`, auth, optionalJsonBody(deps.bodyLimitBytes), cancelWaitlistRequest(deps.jobs))
  router.post(
    `${one}/fulfill`,
    auth,
    staffOnlyFulfill,
    ...jsonBody(deps.bodyLimitBytes),
    fulfillWaitlistRequest(deps.jobs),
  )
  router.get(`${one}/history`, auth, waitlistRequestHistory(deps.reads.findRequest, deps.reads.findHistory))
}
