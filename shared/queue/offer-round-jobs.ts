import * as t from 'io-ts'
import { FieldErrors } from '../errors/field-error'
import { OpeningId } from '../openings/opening-id'
import { OpeningStatus } from '../openings/opening-payload'
import { noted } from '../schema/schema-notes'

/**
 * The jobs that move an opening's offer rounds along without anyone
 * answering (docs/queue-contract.md): a round's timer, and new candidates for
 * an opening left without a round.
 */
export const OFFER_ROUND_JOB_NAME = 'offer-round'
export const CANDIDATES_APPEARED_JOB_NAME = 'candidates-appeared'

const Round = noted(
  t.refinement(t.number, (n) => Number.isInteger(n) && n >= 1, 'Round'),
  {
    schema: { type: 'integer', minimum: 1 },
  },
)

/** What a timer ends: a round (its start or its end: the state says which), or the opening's notice limit. */
const RoundTimer = t.union([
  t.type({ kind: t.literal('round'), round: Round }),
  t.type({ kind: t.literal('notice-limit') }),
])

/** Added by the worker as a delayed job whose id is the timer's name (`offer-round-<opening>-<round>`…). */
export const OfferRoundJobData = t.exact(t.type({ version: t.literal(1), opening_id: OpeningId, timer: RoundTimer }))
export type OfferRoundJobDataInput = t.OutputOf<typeof OfferRoundJobData>

/** Added after a request is written that fits an OPEN opening with no live round. */
export const CandidatesAppearedJobData = t.exact(t.type({ version: t.literal(1), opening_id: OpeningId }))
export type CandidatesAppearedJobDataInput = t.OutputOf<typeof CandidatesAppearedJobData>

const RoundPhaseKind = t.keyof({ new: null, waiting: null, live: null, idle: null })

/** Where the opening's rounds stand after the job, or why it did nothing (bad data, no such opening). */
export const RoundJobResult = t.union([
  t.type({
    outcome: t.literal('applied'),
    opening_status: OpeningStatus,
    phase: RoundPhaseKind,
    round: t.number,
  }),
  t.type({ outcome: t.literal('rejected'), errors: FieldErrors }),
])
export type RoundJobResult = t.TypeOf<typeof RoundJobResult>
