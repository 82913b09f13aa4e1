import * as E from 'fp-ts/Either'
import * as O from 'fp-ts/Option'
import type { Middleware } from 'koa'
import { decodeWithFieldErrors } from '../../shared/errors/field-error'
import { OPENING_NOT_FOUND, mayReadOpening, type StoredOpening } from '../../shared/openings/opening-access'
import { OpeningId } from '../../shared/openings/opening-id'
import {
  OpeningListQuery,
  scopeOpeningList,
  type OpeningListFilter,
  type OpeningListPage,
} from '../../shared/openings/opening-list'
import type { StaffState } from './staff-only'
import { pathId } from './update-answer'
import { answerInvalid, answerNotFound } from './refusal-answers'
import { answerSuccess } from '../http/answers'

export type FindOpening = (id: string) => Promise<O.Option<StoredOpening>>

/** The opening in the path, if the caller may see it: another organization's reads exactly as an unknown id. */
export const visibleOpening = async (
  find: FindOpening,
  actor: StaffState['staff'],
  id: string | undefined,
): Promise<O.Option<StoredOpening>> => {
  const found = OpeningId.is(id) ? await find(id) : O.none
  return O.filter((stored: StoredOpening) => mayReadOpening(actor, stored))(found)
}

/** `GET /apis/v1/openings/{id}`: the same payload as the 201, read straight from PostgreSQL. */
export const readOpening =
  (find: FindOpening): Middleware<StaffState> =>
  async (ctx) => {
    const found = await visibleOpening(find, ctx.state.staff, pathId(ctx))
    if (O.isNone(found)) return answerNotFound(ctx, OPENING_NOT_FOUND)
    answerSuccess(ctx, 200, found.value.opening)
  }

export interface OpeningListPorts {
  readonly clinicOrganization: (clinicId: string) => Promise<O.Option<string>>
  readonly list: (filter: OpeningListFilter) => Promise<OpeningListPage>
}

/** `GET /apis/v1/openings`: the organization's openings, soonest first, one keyset page at a time. */
export const listOpenings =
  (ports: OpeningListPorts): Middleware<StaffState> =>
  async (ctx) => {
    const query = decodeWithFieldErrors(OpeningListQuery)(ctx.query)
    if (E.isLeft(query)) return answerInvalid(ctx, query.left)
    const clinic = query.right.clinic_id
    const filter = scopeOpeningList(
      ctx.state.staff,
      query.right,
      clinic === undefined ? O.none : await ports.clinicOrganization(clinic),
    )
    if (E.isLeft(filter)) return answerInvalid(ctx, filter.left)
    answerSuccess(ctx, 200, await ports.list(filter.right))
  }
