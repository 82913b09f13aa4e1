import { DateTime } from 'luxon'
import type { Instant } from '../../shared/offers/instant'
import { acceptsCall, seededDispositions, type Dispositions } from './acceptance'
import type { RunOutcome } from './outcomes'
import { PARAMETERS } from './parameters'
import { playTrace, type Driver, type World } from './run-world'
import { slotOf, type Clinic, type Slot } from './schedule'
import type { Trace } from './trace'

/**
 * The baseline: staff phone the waitlist (parameters.ts, `phone`). Each
 * clinic's staff take freed slots in the order they were freed and call the
 * requests that fit, in the service's own waitlist order (`fit` and `rank`,
 * without the recent-declines adjustment, which is the automated offers'),
 * one call at a time, in business hours, within a daily budget of minutes.
 * A patient who picks up answers at once, with the same leaning towards the
 * slot as in the automated runs; a missed call is not returned. Staff give a
 * slot up when nobody is left to call or it is closer than the notice limit.
 */

const MINUTE = 60_000

type PhoneEvent =
  | { readonly kind: 'look'; readonly clinicId: string }
  | {
      readonly kind: 'call-ended'
      readonly clinicId: string
      readonly slotId: string
      readonly requestId: string
      readonly accepts: boolean
      readonly pickedUp: boolean
    }

interface Freed {
  readonly id: string
  readonly slot: Slot
  readonly called: Set<string>
}

interface Desk {
  readonly clinic: Clinic
  readonly queue: Freed[]
  busy: boolean
  day: string
  used: number
}

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

const OPENS = minutesOf(PARAMETERS.phone.hours.start)
const CLOSES = minutesOf(PARAMETERS.phone.hours.end)

/** Whether a whole call fits in business hours from `local`. */
const canCall = (local: DateTime): boolean => {
  const minute = local.hour * 60 + local.minute
  return local.weekday <= 5 && minute >= OPENS && minute + PARAMETERS.phone.callMinutes <= CLOSES
}

/** When business hours next open after `local`, on its own day if they have not yet, never on it with `tomorrow`. */
const nextOpening = (local: DateTime, tomorrow: boolean): Instant => {
  let day = local.startOf('day')
  if (tomorrow || local.hour * 60 + local.minute >= OPENS) day = day.plus({ days: 1 })
  while (day.weekday > 5) day = day.plus({ days: 1 })
  return day.set({ hour: Math.floor(OPENS / 60), minute: OPENS % 60 }).toMillis()
}

const phoneDriver =
  (minutesPerDay: number, dispositions: Dispositions) =>
  (world: World<PhoneEvent>): Driver<PhoneEvent> => {
    const { clock, waitlist, recorder, trace } = world
    const { callMinutes, minNoticeMinutes } = PARAMETERS.phone
    const desks = new Map(
      trace.clinics.map((clinic): [string, Desk] => [clinic.id, { clinic, queue: [], busy: false, day: '', used: 0 }]),
    )
    const deskOf = (clinicId: string): Desk => {
      const desk = desks.get(clinicId)
      if (desk === undefined) throw new Error(`no clinic ${clinicId}`)
      return desk
    }
    const lookAt = (desk: Desk, at: Instant) =>
      clock.timer(`phone-${desk.clinic.id}`, at, { kind: 'own', event: { kind: 'look', clinicId: desk.clinic.id } })

    /** Staff, if free, make the next call: for the slot freed first, to the first request not yet called. */
    const look = (desk: Desk) => {
      if (desk.busy || desk.queue.length === 0) return
      const now = clock.now()
      const local = DateTime.fromMillis(now, { zone: desk.clinic.zone })
      const today = local.toISODate() ?? ''
      if (desk.day !== today) Object.assign(desk, { day: today, used: 0 })
      if (!canCall(local)) return void lookAt(desk, nextOpening(local, false))
      if (desk.used + callMinutes > minutesPerDay) return void lookAt(desk, nextOpening(local, true))
      for (let slot = desk.queue[0]; slot !== undefined; slot = desk.queue[0]) {
        const next =
          slot.slot.appointment.start - now > minNoticeMinutes * MINUTE
            ? waitlist.ranked(slot.slot, now).find((candidate) => !slot.called.has(candidate.request_id))
            : undefined
        if (next === undefined) {
          desk.queue.shift()
          waitlist.forget(slot.slot)
          recorder.closed(slot.id, 'EXPIRED', now)
          continue
        }
        const patient = world.patient(next.request_id)
        const { request, appointment } = patient
        slot.called.add(request.id)
        desk.busy = true
        desk.used += callMinutes
        recorder.message(slot.id, patient, now)
        const disposition = dispositions(request.id, slot.id)
        const pickedUp = disposition.picksUp
        const accepts = acceptsCall(disposition, {
          sentAt: now,
          slotStart: slot.slot.appointment.start,
          heldStart: appointment.start,
          ownProvider: appointment.providerId === slot.slot.appointment.providerId,
          priority: request.priority,
        })
        world.later(now + callMinutes * MINUTE, {
          kind: 'call-ended',
          clinicId: desk.clinic.id,
          slotId: slot.id,
          requestId: request.id,
          accepts,
          pickedUp,
        })
        return
      }
    }

    const callEnded = (event: Extract<PhoneEvent, { kind: 'call-ended' }>) => {
      const desk = deskOf(event.clinicId)
      desk.busy = false
      const index = desk.queue.findIndex((queued) => queued.id === event.slotId)
      const slot = desk.queue[index]
      if (event.pickedUp && !event.accepts) recorder.answers.declined += 1
      if (event.accepts && slot !== undefined && waitlist.entry(event.requestId)?.status === 'ACTIVE') {
        desk.queue.splice(index, 1)
        waitlist.forget(slot.slot)
        const patient = world.patient(event.requestId)
        recorder.closed(slot.id, 'FILLED', clock.now())
        world.book(slot.id, patient)
        world.release(patient)
      } else if (event.accepts) recorder.answers.acceptedTooLate += 1
      look(desk)
    }

    return {
      freed: (appointment, cause) => {
        const id = `opening-${appointment.id}`
        const desk = deskOf(appointment.clinic.id)
        recorder.opening(id, appointment, cause, clock.now())
        desk.queue.push({ id, slot: slotOf(appointment), called: new Set() })
        look(desk)
      },
      joined: () => undefined,
      ended: () => undefined,
      handle: (event) => (event.kind === 'look' ? look(deskOf(event.clinicId)) : callEnded(event)),
    }
  }

/** A run of the phone list against `trace`, staff calling for up to `minutesPerDay` a clinic each business day. */
export const runPhone = (
  trace: Trace,
  name: string,
  minutesPerDay: number,
  dispositions: Dispositions = seededDispositions(trace.seed),
): RunOutcome => playTrace(trace, name, phoneDriver(minutesPerDay, dispositions))
