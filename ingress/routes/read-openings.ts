import * as E from 'fp-ts/Either'
import * as O from 'fp-ts/Option'
import type { Middleware } from 'koa'
import { decodeWithFieldErrors } from '../../shared/errors/field-error'
import { openingWithOffers, type OfferLinks, type StoredOpeningWithOffers } from '../../shared/offers/linked-offer'
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
export const visibleOpening = async <S extends StoredOpening>(
  find: (id: string) => Promise<O.Option<S>>,
  actor: StaffState['staff'],
  id: string | undefined,
): Promise<O.Option<S>> => {
  const found = OpeningId.is(id) ? await find(id) : O.none
  return O.filter((stored: S) => mayReadOpening(actor, stored))(found)
}

export interface OpeningOfferReads {
  readonly findOpeningWithOffers: (id: string) => Promise<O.Option<StoredOpeningWithOffers>>
  readonly links: OfferLinks
}

/**
 * `GET /apis/v1/openings/{id}`: the payload of the 201 with every offer the
 * opening made and, once FILLED, its booking, read straight from PostgreSQL.
 */
export const readOpening =
  (reads: OpeningOfferReads): Middleware<StaffState> =>
  async (ctx) => {
    const found = await visibleOpening(reads.findOpeningWithOffers, ctx.state.staff, pathId(ctx))
    if (O.isNone(found)) return answerNotFound(ctx, OPENING_NOT_FOUND)
    answerSuccess(ctx, 200, openingWithOffers(found.value, reads.links))
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
