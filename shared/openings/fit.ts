import * as E from 'fp-ts/Either'
import type * as NEA from 'fp-ts/NonEmptyArray'
import { TIME_SLOTS, WEEKDAYS } from '../waitlist-request/enums'
import type { WaitlistRequestPayload } from '../waitlist-request/waitlist-request-payload'
import type { FitReason, FitRuleCode } from './reasons'
import { slotFacts, type OpeningAtClinic, type SlotFacts } from './slot-facts'

/** What fit reads of a stored request. */
export type FitRequest = Pick<
  WaitlistRequestPayload,
  | 'clinic_id'
  | 'patient_id'
  | 'status'
  | 'appointment_category_id'
  | 'appointment_duration'
  | 'preferred_providers'
  | 'preferred_time_slots'
  | 'preferred_days'
  | 'date_range_start'
  | 'date_range_end'
>

/** Every rule met, in the rules' order; or every rule failed, so staff can say all that stands in the way at once. */
export type FitVerdict = E.Either<NEA.NonEmptyArray<FitReason>, ReadonlyArray<FitReason>>

interface Judgement {
  readonly met: boolean
  readonly reason: FitReason
}

type Rule = (request: FitRequest, opening: OpeningAtClinic, slot: SlotFacts) => Judgement

const judged = (code: FitRuleCode, met: boolean, message: string): Judgement => ({ met, reason: { code, message } })

const oneOf = (values: ReadonlyArray<string>): string =>
  values.length <= 1 ? values.join('') : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`

/*
 * Sentences list a request's preferences in one fixed order (the week's, the
 * day's, ids by code point), so the answer never depends on the order the
 * client happened to send them in.
 */
const inOrderOf = <V extends string>(all: ReadonlyArray<V>, chosen: ReadonlyArray<V>) =>
  all.filter((value) => chosen.includes(value))
const byCodePoint = (ids: ReadonlyArray<string>) => [...ids].sort()

const status: Rule = (request) =>
  request.status === 'ACTIVE'
    ? judged('STATUS', true, 'the request is ACTIVE')
    : judged('STATUS', false, `the request is ${request.status}, not ACTIVE`)

const clinic: Rule = (request, _opening, slot) =>
  request.clinic_id === slot.clinic_id
    ? judged('CLINIC', true, `the request is for ${request.clinic_id}, the slot's clinic`)
    : judged('CLINIC', false, `the request is for ${request.clinic_id}; the slot is at ${slot.clinic_id}`)

const releasedByPatient: Rule = (request, opening) =>
  opening.released_by_patient_id === request.patient_id
    ? judged('RELEASED_BY_PATIENT', false, `${request.patient_id} released this slot and is not offered it back`)
    : judged('RELEASED_BY_PATIENT', true, `${request.patient_id} did not release this slot`)

const category: Rule = (request, opening) => {
  const wanted = request.appointment_category_id
  const categories = opening.appointment_category_ids
  if (categories.length === 0) {
    return judged(
      'CATEGORY',
      request.appointment_duration <= opening.duration_minutes,
      `needs ${request.appointment_duration} minutes; the slot is ${opening.duration_minutes} minutes`,
    )
  }
  return categories.includes(wanted)
    ? judged('CATEGORY', true, `wants category ${wanted}, one the slot may be booked as`)
    : judged('CATEGORY', false, `wants category ${wanted}; the slot may be booked as ${oneOf(categories)}`)
}

const provider: Rule = (request, _opening, slot) => {
  const preferred = request.preferred_providers
  if (preferred.length === 0) return judged('PROVIDER', true, 'takes any provider')
  return judged(
    'PROVIDER',
    preferred.includes(slot.provider_id),
    `prefers ${oneOf(byCodePoint(preferred))}; the slot is with ${slot.provider_id}`,
  )
}

const date: Rule = (request, _opening, slot) =>
  judged(
    'DATE',
    request.date_range_start <= slot.date && slot.date <= request.date_range_end,
    `wants ${request.date_range_start} to ${request.date_range_end}; the slot is on ${slot.date} in ${slot.timezone}`,
  )

const weekday: Rule = (request, _opening, slot) => {
  const days = request.preferred_days
  if (days.length === 0) return judged('WEEKDAY', true, 'takes any day')
  return judged(
    'WEEKDAY',
    days.includes(slot.weekday),
    `prefers ${oneOf(inOrderOf(WEEKDAYS, days))}; the slot is on ${slot.weekday} in ${slot.timezone}`,
  )
}

const partOfDay: Rule = (request, _opening, slot) => {
  const slots = request.preferred_time_slots
  if (slots.length === 0 || slots.includes('ANYTIME')) return judged('PART_OF_DAY', true, 'takes any time of day')
  return judged(
    'PART_OF_DAY',
    slot.part_of_day !== null && slots.includes(slot.part_of_day),
    `prefers ${oneOf(inOrderOf(TIME_SLOTS, slots))}; the slot starts ${slot.time} in ${slot.timezone}`,
  )
}

const RULES: ReadonlyArray<Rule> = [status, clinic, releasedByPatient, category, provider, date, weekday, partOfDay]

const isNonEmpty = <A>(values: Array<A>): values is NEA.NonEmptyArray<A> => values.length > 0

/**
 * Whether a request fits an opening (docs/matching.md), every rule judged on
 * the clinic's clock: right with every rule met, left with every rule failed.
 */
export const fit = (request: FitRequest, opening: OpeningAtClinic): FitVerdict => {
  const slot = slotFacts(opening)
  const judgements = RULES.map((rule) => rule(request, opening, slot))
  const failures = judgements.filter((judgement) => !judgement.met).map((judgement) => judgement.reason)
  return isNonEmpty(failures) ? E.left(failures) : E.right(judgements.map((judgement) => judgement.reason))
}
