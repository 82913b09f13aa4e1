import * as E from 'fp-ts/Either'
import * as t from 'io-ts'
import { Op, QueryTypes, type Transaction } from 'sequelize'
import { CandidateRequest } from '../../shared/openings/candidates'
import { fit } from '../../shared/openings/fit'
import type { OpeningAtClinic } from '../../shared/openings/slot-facts'
import type { Reason } from '../../shared/openings/reasons'
import type { RoundPhase } from '../../shared/offers/round-state'
import type { Database } from '../db/connection'
import { insertSql } from '../waitlist-requests/insert-waitlist-requests'
import { OFFER_COLUMNS, phaseColumns, type OfferRow } from './locked-opening'

/** Who ends the offers and openings no person ended, in `updated_by` and history. */
const SYSTEM_OFFERS = 'system:offers'

export interface NewOffer {
  readonly id: string
  readonly opening_id: string
  readonly request_id: string
  readonly patient_id: string
  readonly organization_id: string
  readonly status: 'PENDING'
  readonly round: number
  readonly rank: number
  readonly reasons: ReadonlyArray<Reason>
  readonly expires_at: Date
  readonly created_at: Date
}

const CandidateRows = t.array(CandidateRequest)

/**
 * The requests among `requestIds` that still fit the opening, judged on their
 * rows locked FOR SHARE: a change, cancel or fulfil of one of them waits for
 * this transaction, then finds its offer and withdraws it; one that committed
 * first is seen here as it now is. One being written right now is skipped
 * rather than waited for, so a round never waits on a request: a transaction
 * that holds a request may itself be starting a round that wants one of ours.
 */
const stillFitting = async (
  db: Database,
  transaction: Transaction,
  opening: OpeningAtClinic,
  requestIds: ReadonlyArray<string>,
): Promise<ReadonlySet<string>> => {
  const rows = await db.models.WaitlistRequest.findAll({
    where: { id: { [Op.in]: [...requestIds] } },
    lock: transaction.LOCK.SHARE,
    skipLocked: true,
    transaction,
    raw: true,
  })
  const decoded = CandidateRows.decode(rows.map((row) => ({ ...row, created_at: row.created_at.toISOString() })))
  if (E.isLeft(decoded)) throw new Error('a stored waitlist request does not match its contract')
  return new Set(decoded.right.filter((request) => E.isRight(fit(request, opening))).map((request) => request.id))
}

/**
 * Stores the PENDING offers that may still be made and answers the requests
 * that may not: no longer fitting (or gone from ACTIVE) since the candidates
 * were read, or whose patient holds a PENDING offer (the unique index
 * offers_one_pending_per_patient says so, whoever inserted it a moment ago).
 * A refusal skips that candidate; it never fails the round.
 */
export const insertOffers = async (
  db: Database,
  transaction: Transaction,
  opening: OpeningAtClinic,
  offers: ReadonlyArray<NewOffer>,
): Promise<{ readonly inserted: ReadonlyArray<OfferRow>; readonly refused: ReadonlySet<string> }> => {
  if (offers.length === 0) return { inserted: [], refused: new Set() }
  const fitting = await stillFitting(
    db,
    transaction,
    opening,
    offers.map((offer) => offer.request_id),
  )
  // In patient order, as every round inserts: two rounds offering the same patients wait on each other in one order only.
  const rows = offers
    .filter((offer) => fitting.has(offer.request_id))
    .sort((a, b) => (a.patient_id < b.patient_id ? -1 : a.patient_id > b.patient_id ? 1 : 0))
  const [first] = rows
  const inserted =
    first === undefined
      ? []
      : await db.sequelize.query<OfferRow>(
          `${insertSql(db.models.Offer, Object.keys(first))} RETURNING ${OFFER_COLUMNS}`,
          { bind: [JSON.stringify(rows)], type: QueryTypes.SELECT, transaction },
        )
  const stored = new Set(inserted.map((row) => row.request_id))
  return { inserted, refused: new Set(offers.map((offer) => offer.request_id).filter((id) => !stored.has(id))) }
}

/**
 * PENDING offers of one opening ended as the machine said: guarded by their
 * status, so an offer answered meanwhile keeps its answer.
 */
export const endOffers = (
  db: Database,
  transaction: Transaction,
  input: {
    readonly openingId: string
    readonly requestIds: ReadonlyArray<string>
    readonly status: 'EXPIRED' | 'WITHDRAWN'
    readonly at: Date
  },
): Promise<OfferRow[]> =>
  db.sequelize.query<OfferRow>(
    `UPDATE offers SET status = $3, ended_at = $4
     WHERE opening_id = $1 AND request_id = ANY ($2::uuid[]) AND status = 'PENDING' RETURNING ${OFFER_COLUMNS}`,
    { bind: [input.openingId, input.requestIds, input.status, input.at], type: QueryTypes.SELECT, transaction },
  )

/** An answer written only to a PENDING offer within its hold: the one write that decides a race to accept. */
export const answerOffer = async (
  db: Database,
  transaction: Transaction,
  input: {
    readonly offerId: string
    readonly status: 'ACCEPTED' | 'DECLINED'
    readonly at: Date
    readonly by: string
    readonly changeId: string
    readonly declineReason: string | null
  },
): Promise<OfferRow | undefined> => {
  const [row] = await db.sequelize.query<OfferRow>(
    `UPDATE offers SET status = $2, ended_at = $3, responded_at = $3, responded_by = $4, response_id = $5,
       decline_reason = $6
     WHERE id = $1 AND status = 'PENDING' AND expires_at > $3 RETURNING ${OFFER_COLUMNS}`,
    {
      bind: [input.offerId, input.status, input.at, input.by, input.changeId, input.declineReason],
      type: QueryTypes.SELECT,
      transaction,
    },
  )
  return row
}

/** The booking an acceptance makes: the columns openings_booking_when_filled requires of a FILLED opening. */
export interface BookingWrite {
  readonly offerId: string
  readonly requestId: string
  readonly patientId: string
  readonly categoryId: string
  readonly at: Date
  readonly by: string
}

/**
 * The opening's status and rounds as the machine left them, written together
 * and only to an opening still OPEN when it closes one; a FILLED one carries
 * its booking.
 */
export const writeOpeningRounds = async (
  db: Database,
  transaction: Transaction,
  input: {
    readonly openingId: string
    readonly phase: RoundPhase
    readonly closeAs: 'FILLED' | 'EXPIRED' | undefined
    readonly booking: BookingWrite | undefined
    readonly at: Date
  },
): Promise<void> => {
  const { booking } = input
  const closing =
    input.closeAs === undefined
      ? {}
      : {
          status: input.closeAs,
          updated_at: input.at,
          updated_by: booking?.by ?? SYSTEM_OFFERS,
          ...(booking === undefined
            ? {}
            : {
                booked_offer_id: booking.offerId,
                booked_request_id: booking.requestId,
                booked_patient_id: booking.patientId,
                booked_category_id: booking.categoryId,
                booked_at: booking.at,
                booked_by: booking.by,
              }),
        }
  const [count] = await db.models.Opening.update(
    { ...phaseColumns(input.phase), ...closing },
    { where: { id: input.openingId, ...(input.closeAs === undefined ? {} : { status: 'OPEN' }) }, transaction },
  )
  if (count !== 1) throw new Error(`opening ${input.openingId} was not written as its rounds say`)
}
