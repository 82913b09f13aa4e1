import type { Instant } from '../../shared/offers/instant'
import type { RequestStatus } from '../../shared/waitlist-request/enums'
import type { WaitingPatient } from './arrivals'
import { virtualClock, type VirtualClock } from './clock'
import { createRecorder, type OpeningCause, type Recorder, type RunOutcome } from './outcomes'
import type { Appointment } from './schedule'
import type { Trace, WorldEvent } from './trace'
import { createWaitlist, type Waitlist } from './waitlist'

/**
 * Plays a trace against one policy in virtual time: the world's events, the
 * same for every policy, and the policy's own (offers' timers and answers,
 * or staff's calls), in one queue. What the world does is handled here;
 * what a policy does with it is its driver's.
 */

type Queued<E> = { readonly kind: 'world'; readonly event: WorldEvent } | { readonly kind: 'own'; readonly event: E }

export interface World<E> {
  readonly trace: Trace
  readonly clock: VirtualClock<Queued<E>>
  readonly waitlist: Waitlist
  readonly recorder: Recorder
  /** Runs one of the policy's own events at `at` (dropped past the run's end). */
  readonly later: (at: Instant, event: E) => void
  readonly patient: (requestId: string) => WaitingPatient
  /** The patient booked into the opening's slot: their request FULFILLED. */
  readonly book: (openingId: string, patient: WaitingPatient) => void
  /** The appointment the booked patient held is given up: a slot freed. */
  readonly release: (patient: WaitingPatient) => void
}

export interface Driver<E> {
  /** A slot was freed now. */
  readonly freed: (appointment: Appointment, cause: OpeningCause) => void
  /** A request joined the waitlist now. */
  readonly joined: (patient: WaitingPatient) => void
  /** An ACTIVE request was ended now, other than by a booking. */
  readonly ended: (patient: WaitingPatient, status: 'CANCELLED' | 'EXPIRED') => void
  readonly handle: (event: E) => void
}

export const playTrace = <E>(trace: Trace, policy: string, makeDriver: (world: World<E>) => Driver<E>): RunOutcome => {
  const clock = virtualClock<Queued<E>>(trace.begins)
  const waitlist = createWaitlist()
  const recorder = createRecorder(policy)
  // Appointments no longer held: cancelled, or given up for an earlier slot.
  const released = new Set<string>()
  const patient = (requestId: string) => {
    const entry = waitlist.entry(requestId)
    if (entry === undefined) throw new Error(`no request ${requestId}`)
    return entry.patient
  }
  const end = (requestId: string, status: Exclude<RequestStatus, 'ACTIVE'>): boolean => {
    if (!waitlist.end(requestId, status)) return false
    recorder.requestEnded(requestId, status, clock.now())
    return true
  }
  const free = (appointment: Appointment, cause: OpeningCause) => {
    if (released.has(appointment.id)) return
    released.add(appointment.id)
    if (appointment.start > clock.now()) driver.freed(appointment, cause)
  }
  const world: World<E> = {
    trace,
    clock,
    waitlist,
    recorder,
    later: (at, event) => {
      if (at < trace.horizon) clock.at(at, { kind: 'own', event })
    },
    patient,
    book: (openingId, booked) => {
      recorder.booked(openingId, booked, clock.now())
      recorder.answers.booked += 1
      end(booked.request.id, 'FULFILLED')
    },
    release: (booked) => free(booked.appointment, 'released'),
  }
  // The world's functions reach the driver only once events run, after it is made.
  const driver = makeDriver(world)

  const join = (joining: WaitingPatient) => {
    waitlist.add(joining)
    recorder.request(joining, clock.now())
  }
  const onWorld = (event: WorldEvent) => {
    switch (event.kind) {
      case 'request-created':
        join(event.patient)
        return driver.joined(event.patient)
      case 'request-left':
        if (end(event.requestId, 'CANCELLED')) driver.ended(patient(event.requestId), 'CANCELLED')
        return
      case 'request-expired':
        if (end(event.requestId, 'EXPIRED')) driver.ended(patient(event.requestId), 'EXPIRED')
        return
      case 'appointment-cancelled': {
        // Its patient, if waiting for sooner, no longer wants anything from this clinic.
        const holder = trace.patientOf.get(event.appointment.id)
        if (holder !== undefined && !released.has(event.appointment.id) && end(holder.request.id, 'CANCELLED'))
          driver.ended(holder, 'CANCELLED')
        return free(event.appointment, 'cancelled')
      }
    }
  }

  for (const waiting of trace.waiting) join(waiting)
  for (const { at, event } of trace.events) clock.at(at, { kind: 'world', event })
  for (let queued = clock.next(trace.horizon); queued !== undefined; queued = clock.next(trace.horizon)) {
    if (queued.kind === 'world') onWorld(queued.event)
    else driver.handle(queued.event)
  }
  return recorder.outcome()
}
