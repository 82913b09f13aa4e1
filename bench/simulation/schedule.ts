import { DateTime } from 'luxon'
import type { Identifier } from '../../shared/codecs/identifier'
import type { TimeZone } from '../../shared/codecs/time-zone'
import type { Timestamp } from '../../shared/codecs/timestamp'
import type { SlotMinutes } from '../../shared/openings/create-opening'
import { slotFacts, type OpeningAtClinic } from '../../shared/openings/slot-facts'
import type { IsoDate } from '../../shared/codecs/iso-date'
import type { Instant } from '../../shared/offers/instant'
import { PARAMETERS, type Category, type ClinicArchetype } from './parameters'
import { stream, weighted } from './random'

/** The clinics of a run and their booked appointments, from the weekly schedule (parameters.ts, `schedule`). */

export interface Clinic {
  readonly id: string
  readonly zone: string
  readonly providers: ReadonlyArray<string>
}

export interface Appointment {
  readonly id: string
  readonly clinic: Clinic
  readonly providerId: string
  readonly start: Instant
  readonly minutes: number
  readonly categoryId: string
  readonly patientId: string
}

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

export const clinicsOf = (count: number): Clinic[] =>
  Array.from({ length: count }, (_, index) => {
    const archetype = PARAMETERS.clinics[index % PARAMETERS.clinics.length] as ClinicArchetype
    const id = `clinic-${index + 1}`
    return {
      id,
      zone: archetype.zone,
      providers: Array.from({ length: archetype.providers }, (_, p) => `${id}-provider-${p + 1}`),
    }
  })

const archetypeOf = (clinic: Clinic): ClinicArchetype =>
  PARAMETERS.clinics[(Number(clinic.id.slice('clinic-'.length)) - 1) % PARAMETERS.clinics.length] as ClinicArchetype

/** The sessions (local minutes of the day) provider `p` works on ISO weekday `weekday` (1 Monday). */
const sessionsOf = (archetype: ClinicArchetype, p: number, weekday: number) => {
  const { schedule } = PARAMETERS
  if (weekday > 5) return []
  // One weekday off, rotating by provider, when a provider works fewer than five.
  const dayOff = (p % 5) + 1
  if (schedule.workdaysPerProvider < 5 && weekday === dayOff) return []
  const sessions = schedule.sessions.map((s) => ({ from: minutesOf(s.start), to: minutesOf(s.end) }))
  const evening = p < archetype.eveningProviders && weekday === schedule.evening.weekday
  return evening
    ? [...sessions, { from: minutesOf(schedule.evening.start), to: minutesOf(schedule.evening.end) }]
    : sessions
}

const CATEGORY_WEIGHTS = PARAMETERS.categories.map((c): readonly [Category, number] => [c, c.weight])

/**
 * Every appointment of `clinic` from the local date `from` for `days` days:
 * each provider's sessions packed back to back with categories drawn by
 * their shares; a category too long for what is left of a session gives way
 * to the longest that fits.
 */
export const appointmentsOf = (seed: number, clinic: Clinic, from: string, days: number): Appointment[] => {
  const random = stream(seed, 'schedule', clinic.id)
  const archetype = archetypeOf(clinic)
  const first = DateTime.fromISO(from, { zone: clinic.zone })
  const appointments: Appointment[] = []
  for (let d = 0; d < days; d += 1) {
    const date = first.plus({ days: d })
    clinic.providers.forEach((providerId, p) => {
      for (const session of sessionsOf(archetype, p, date.weekday)) {
        const opens = date.set({ hour: Math.floor(session.from / 60), minute: session.from % 60 }).toMillis()
        let at = session.from
        for (;;) {
          const left = session.to - at
          const drawn = weighted(random, CATEGORY_WEIGHTS)
          const fits = PARAMETERS.categories.filter((c) => c.minutes <= left).sort((a, b) => b.minutes - a.minutes)
          const category = drawn.minutes <= left ? drawn : fits[0]
          if (category === undefined) break
          const n = appointments.length + 1
          appointments.push({
            id: `${clinic.id}-appointment-${n}`,
            clinic,
            providerId,
            start: opens + (at - session.from) * 60_000,
            minutes: category.minutes,
            categoryId: category.id,
            patientId: `${clinic.id}-patient-${n}`,
          })
          at += category.minutes
        }
      }
    })
  }
  return appointments
}

/** A freed slot: the opening the service matches, and its local date (which narrows the requests to judge). */
export interface Slot {
  readonly appointment: Appointment
  readonly at: OpeningAtClinic
  readonly date: IsoDate
}

/** The appointment's slot as an opening: any category that fits its length, not for the patient who held it. */
export const slotOf = (appointment: Appointment): Slot => {
  const at: OpeningAtClinic = {
    clinic_id: appointment.clinic.id as Identifier,
    provider_id: appointment.providerId as Identifier,
    start: new Date(appointment.start).toISOString() as Timestamp,
    duration_minutes: appointment.minutes as SlotMinutes,
    appointment_category_ids: [],
    released_by_patient_id: appointment.patientId as Identifier,
    timezone: appointment.clinic.zone as TimeZone,
  }
  return { appointment, at, date: slotFacts(at).date }
}
