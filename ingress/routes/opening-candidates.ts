import * as E from 'fp-ts/Either'
import * as O from 'fp-ts/Option'
import type { Middleware } from 'koa'
import { decodeWithFieldErrors } from '../../shared/errors/field-error'
import { successEnvelope } from '../../shared/http/envelope'
import { CandidatesQuery, type CandidateList, type FitAnswer } from '../../shared/openings/candidates'
import { OPENING_NOT_FOUND, atClinic } from '../../shared/openings/opening-access'
import type { Candidate } from '../../shared/openings/rank'
import type { OpeningAtClinic } from '../../shared/openings/slot-facts'
import { visibleOpening, type FindOpening } from './read-openings'
import type { StaffState } from './staff-only'
import { answerErrors, answerNotFound, pathId } from './update-answer'

export interface CandidatePorts {
  readonly findOpening: FindOpening
  readonly candidates: (opening: OpeningAtClinic, now: Date) => Promise<Candidate[]>
  readonly explain: (
    opening: OpeningAtClinic & { readonly organization_id: string },
    requestId: string,
    now: Date,
  ) => Promise<O.Option<FitAnswer>>
}

/**
 * `GET /apis/v1/openings/{id}/candidates`: every ACTIVE request that fits, in
 * the order offers go out, each with its reasons; with `?request_id=`, whether
 * that one request fits and, if not, every rule it fails (docs/matching.md).
 */
export const openingCandidates =
  (ports: CandidatePorts): Middleware<StaffState> =>
  async (ctx) => {
    const query = decodeWithFieldErrors(CandidatesQuery)(ctx.query)
    const found = await visibleOpening(ports.findOpening, ctx.state.staff, pathId(ctx))
    if (O.isNone(found)) return answerNotFound(ctx, OPENING_NOT_FOUND)
    if (E.isLeft(query)) return answerErrors(ctx, 400, query.left)
    const opening = atClinic(found.value)
    const now = new Date()
    const requestId = query.right.request_id
    if (requestId === undefined) {
      const list: CandidateList = { opening_id: found.value.opening.id, items: await ports.candidates(opening, now) }
      ctx.body = successEnvelope(200, list)
      return
    }
    const answer = await ports.explain(opening, requestId, now)
    if (O.isNone(answer)) {
      return answerErrors(ctx, 400, [
        { field: 'request_id', message: 'request_id does not name a known waitlist request' },
      ])
    }
    ctx.body = successEnvelope(200, answer.value)
  }
