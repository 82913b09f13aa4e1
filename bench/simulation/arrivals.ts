import * as E from 'fp-ts/Either'
import { DateTime } from 'luxon'
import { CandidateRequest } from '../../shared/openings/candidates'
import type { Instant } from '../../shared/offers/instant'
import { WEEKDAYS, type TimeSlot } from '../../shared/waitlist-request/enums'
import { PARAMETERS } from './parameters'
import { chance, curve, integerBetween, lognormal, someOf, stream, weighted, type Random } from './random'
import type { Appointment } from './schedule'

/**
 * What happens to one booked appointment (parameters.ts, `booking`,
 * `cancellation`, `waitlist`): when it was booked, whether and when it is
 * cancelled, and whether its patient asks to be seen sooner, with what
 * preferences. Each appointment draws from a stream of its own.
 */

const HOUR = 60 * 60 * 1000
const DAY = 24 * HOUR
const WEEK = 7 * DAY

/** A patient on the waitlist: the request the service stores, and the appointment it is to beat. */
export interface WaitingPatient {
  readonly request: CandidateRequest
  readonly appointment: Appointment
  /** When the patient leaves the list of their own accord, if they do. */
  readonly leavesAt: Instant | undefined
  /** The start of the appointment's local day: the request's range is over. */
  readonly expiresAt: Instant
}

export interface Booking {
  readonly appointment: Appointment
  readonly bookedAt: Instant
  readonly cancelledAt: Instant | undefined
  readonly patient: WaitingPatient | undefined
}

/** The share of appointments booked `leadDays` ahead that are cancelled (the VA anchors). */
export const cancellationShare = (leadDays: number): number => curve(PARAMETERS.cancellation.byLeadDays, leadDays)

/** How long before the slot a cancellation of an appointment booked `lead` ahead comes. */
export const cancellationNotice = (random: Random, lead: number): number => {
  const { lateShare, noticeSkew } = PARAMETERS.cancellation
  if (lead <= DAY || chance(random, lateShare)) return random() * Math.min(lead, DAY)
  return DAY + (lead - DAY) * random() ** noticeSkew
}

const localDate = (at: Instant, zone: string) => DateTime.fromMillis(at, { zone })

const requestId = (appointment: Appointment): string => {
  const clinic = Number(appointment.clinic.id.slice('clinic-'.length))
  const n = Number(appointment.id.slice(appointment.id.lastIndexOf('-') + 1))
  return `${clinic.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`
}

const PARTS_OF_DAY = Object.entries(PARAMETERS.waitlist.partOfDayWeights) as ReadonlyArray<[TimeSlot, number]>
const PRIORITIES = PARAMETERS.waitlist.priorityWeights.map((weight, i): [number, number] => [i + 1, weight])

/** The request of a patient who booked `appointment` at `bookedAt` and asks for sooner; none if no day is left. */
const waitingPatient = (random: Random, appointment: Appointment, bookedAt: Instant): WaitingPatient | undefined => {
  const { waitlist } = PARAMETERS
  const { zone } = appointment.clinic
  const day = localDate(appointment.start, zone).startOf('day')
  const late = chance(random, waitlist.lateStartShare) ? integerBetween(random, 1, 14) : 0
  const first = localDate(bookedAt, zone).plus({ days: late }).toISODate()
  const last = day.minus({ days: 1 }).toISODate()
  const names = chance(random, waitlist.namesProviderShare)
  const anyDay = chance(random, waitlist.anyDayShare)
  const days = anyDay ? [] : someOf(random, WEEKDAYS.slice(0, 5), integerBetween(random, 2, 4))
  const slot = weighted(random, PARTS_OF_DAY)
  const priority = weighted(random, PRIORITIES)
  const leaveRate = -Math.log(1 - waitlist.leaveWeekly) / WEEK
  const leavesIn = -Math.log(1 - random()) / leaveRate
  if (first === null || last === null || first > last) return undefined
  const decoded = CandidateRequest.decode({
    id: requestId(appointment),
    clinic_id: appointment.clinic.id,
    patient_id: appointment.patientId,
    status: 'ACTIVE',
    appointment_category_id: appointment.categoryId,
    appointment_duration: appointment.minutes,
    preferred_providers: names ? [appointment.providerId] : [],
    preferred_time_slots: [slot],
    preferred_days: days,
    date_range_start: first,
    date_range_end: last,
    priority,
    created_at: new Date(bookedAt).toISOString(),
  })
  if (E.isLeft(decoded)) throw new Error(`the model made a request the service would refuse: ${appointment.id}`)
  const leavesAt = bookedAt + Math.round(leavesIn)
  return {
    request: decoded.right,
    appointment,
    leavesAt: leavesAt < day.toMillis() ? leavesAt : undefined,
    expiresAt: day.toMillis(),
  }
}

/**
 * The booking of `appointment`: its lead, its cancellation if any, its
 * patient's request if any (left out when booked at `horizon` or later,
 * where no run looks: the request's draws come last, so leaving them out
 * changes nothing else).
 */
export const bookingOf = (seed: number, appointment: Appointment, horizon: Instant): Booking => {
  const random = stream(seed, 'booking', appointment.id)
  const { booking, waitlist } = PARAMETERS
  const leadDays = Math.min(
    booking.leadMaxDays,
    Math.max(booking.leadMinDays, lognormal(random, booking.leadMedianDays, booking.leadSigma)),
  )
  // Instants are whole milliseconds.
  const lead = Math.round(leadDays * DAY)
  const bookedAt = appointment.start - lead
  const cancelled = chance(random, cancellationShare(leadDays))
  const notice = cancellationNotice(random, lead)
  const joins = leadDays >= waitlist.minLeadDays && chance(random, waitlist.joinShare)
  return {
    appointment,
    bookedAt,
    cancelledAt: cancelled ? appointment.start - Math.round(notice) : undefined,
    patient: joins && bookedAt < horizon ? waitingPatient(random, appointment, bookedAt) : undefined,
  }
}
