import type Router from '@koa/router'
import type { VerifyToken } from '../auth/verify-token'
import { authenticate, type AuthenticatedState } from '../middleware/authenticate'
import { jsonBody } from '../middleware/json-body'
import type { JobClient } from '../queue/job-client'
import { openSlot, OPENINGS_PATH } from './open-slot'
import { openingCandidates, type CandidatePorts } from './opening-candidates'
import { listOpenings, readOpening, type OpeningListPorts, type OpeningOfferReads } from './read-openings'
import { staffOnly, type StaffState } from './staff-only'
import { withdrawOpening } from './withdraw-opening'
import { FHIR_JSON } from '../fhir/fhir-media'
import { openingInFhir, slotAsOpening } from '../fhir/slot-form'

/** What the opening routes read straight from PostgreSQL (the ingress's read model). */
export type OpeningReads = OpeningListPorts & CandidatePorts

/**
 * The routes of openings (docs/api.md): staff only, each inside the caller's
 * organization. Writes (open, withdraw) go through the queue; reads do not.
 */
export const registerOpeningRoutes = (
  router: Router<AuthenticatedState>,
  deps: {
    readonly verifyToken: VerifyToken
    readonly jobs: JobClient
    readonly openings: OpeningReads
    readonly offers: OpeningOfferReads
    readonly bodyLimitBytes: number
  },
): void => {
  const auth = authenticate(deps.verifyToken)
  const one = `${OPENINGS_PATH}/:id`
  type Staff = Omit<StaffState, keyof AuthenticatedState>
  router.post<Staff>(
    OPENINGS_PATH,
    openingInFhir,
    auth,
    staffOnly,
    ...jsonBody(deps.bodyLimitBytes, ['application/json', FHIR_JSON]),
    slotAsOpening,
    openSlot(deps.jobs),
  )
  router.get<Staff>(OPENINGS_PATH, auth, staffOnly, listOpenings(deps.openings))
  router.get<Staff>(one, auth, staffOnly, readOpening(deps.offers))
  router.post<Staff>(`${one}/withdraw`, auth, staffOnly, withdrawOpening(deps.jobs))
  router.get<Staff>(`${one}/candidates`, auth, staffOnly, openingCandidates(deps.openings))
}
