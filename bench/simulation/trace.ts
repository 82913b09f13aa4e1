import { DateTime } from 'luxon'
import type { Instant } from '../../shared/offers/instant'
import { bookingOf, type WaitingPatient } from './arrivals'
import { PARAMETERS } from './parameters'
import { appointmentsOf, clinicsOf, type Appointment, type Clinic } from './schedule'

/**
 * The world a run is played against, the same for every policy compared:
 * the patients already waiting when the window opens, then what happens
 * whatever the policy (requests made, patients leaving, ranges running out,
 * appointments cancelled), in order. What depends on the policy (offers,
 * answers, bookings, and the appointments bookings release) is the run's.
 */

const DAY = 24 * 60 * 60 * 1000

export type WorldEvent =
  | { readonly kind: 'request-created'; readonly patient: WaitingPatient }
  | { readonly kind: 'request-left'; readonly requestId: string }
  | { readonly kind: 'request-expired'; readonly requestId: string }
  | { readonly kind: 'appointment-cancelled'; readonly appointment: Appointment }

interface Timed<E> {
  readonly at: Instant
  readonly event: E
}

export interface Trace {
  readonly seed: number
  readonly clinics: ReadonlyArray<Clinic>
  /** Where the run begins: the window's start less the warm-up (parameters.ts, `warmupDays`). */
  readonly begins: Instant
  /** The window measured: [start, end). */
  readonly start: Instant
  readonly end: Instant
  /** Where the run stops: the window and its drain (parameters.ts, `drainDays`). */
  readonly horizon: Instant
  /** The patients waiting when the run begins. */
  readonly waiting: ReadonlyArray<WaitingPatient>
  readonly events: ReadonlyArray<Timed<WorldEvent>>
  /** The waiting patient who holds an appointment, by the appointment's id. */
  readonly patientOf: ReadonlyMap<string, WaitingPatient>
}

export const buildTrace = (seed: number, clinicCount: number, days: number): Trace => {
  const first = DateTime.fromISO(PARAMETERS.start, { zone: 'UTC' }).minus({ days: PARAMETERS.warmupDays })
  const begins = first.toMillis()
  const start = begins + PARAMETERS.warmupDays * DAY
  const end = start + days * DAY
  const horizon = end + PARAMETERS.drainDays * DAY
  const clinics = clinicsOf(clinicCount)
  const waiting: WaitingPatient[] = []
  const events: Timed<WorldEvent>[] = []
  const patientOf = new Map<string, WaitingPatient>()
  const scheduleDays = PARAMETERS.warmupDays + days + PARAMETERS.drainDays + PARAMETERS.booking.leadMaxDays
  for (const clinic of clinics) {
    for (const appointment of appointmentsOf(seed, clinic, first.toISODate() ?? PARAMETERS.start, scheduleDays)) {
      const booking = bookingOf(seed, appointment, horizon)
      const { bookedAt, cancelledAt, patient } = booking
      // Booked after the run, or cancelled before it: nothing of it is seen.
      if (bookedAt >= horizon || (cancelledAt !== undefined && cancelledAt < begins)) continue
      if (cancelledAt !== undefined && cancelledAt < horizon)
        events.push({ at: cancelledAt, event: { kind: 'appointment-cancelled', appointment } })
      if (patient === undefined) continue
      const ends = Math.min(patient.leavesAt ?? Infinity, cancelledAt ?? Infinity, patient.expiresAt)
      if (ends <= begins) continue
      patientOf.set(appointment.id, patient)
      if (bookedAt < begins) waiting.push(patient)
      else events.push({ at: bookedAt, event: { kind: 'request-created', patient } })
      const { id } = patient.request
      if (patient.leavesAt !== undefined && patient.leavesAt === ends && ends < horizon)
        events.push({ at: ends, event: { kind: 'request-left', requestId: id } })
      if (patient.expiresAt === ends && ends < horizon)
        events.push({ at: ends, event: { kind: 'request-expired', requestId: id } })
    }
  }
  // A stable sort: events at one instant keep the order they were made in.
  events.sort((a, b) => a.at - b.at)
  return { seed, clinics, begins, start, end, horizon, waiting, events, patientOf }
}
