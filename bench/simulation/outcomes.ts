import type { Instant } from '../../shared/offers/instant'
import type { OpeningStatus } from '../../shared/offers/round-state'
import type { RequestStatus } from '../../shared/waitlist-request/enums'
import { daysSooner } from './acceptance'
import type { WaitingPatient } from './arrivals'
import type { Appointment } from './schedule'

/** What a run records as it goes, for the figures (metrics.ts): each opening, each request, each message. */

/** A slot freed by a cancellation (the world's), or released by a patient booked into an earlier one. */
export type OpeningCause = 'cancelled' | 'released'

export interface OpeningOutcome {
  readonly id: string
  readonly clinicId: string
  readonly cause: OpeningCause
  readonly freedAt: Instant
  readonly slotStart: Instant
  status: OpeningStatus
  endedAt: Instant | undefined
  booked: { readonly requestId: string; readonly priority: number; readonly daysSooner: number } | undefined
  offers: number
}

export interface RequestOutcome {
  readonly id: string
  readonly patientId: string
  readonly priority: number
  readonly clinicId: string
  /** When it joined the list, or the window's start for one already waiting. */
  readonly waitingFrom: Instant
  offers: number
  booked: { readonly at: Instant; readonly daysSooner: number } | undefined
  ended: { readonly status: Exclude<RequestStatus, 'ACTIVE'>; readonly at: Instant } | undefined
}

/** How offers (or calls) were answered; an acceptance that came too late or lost the race books nothing. */
interface AnswerTally {
  sent: number
  booked: number
  acceptedTooLate: number
  declined: number
}

export interface RunOutcome {
  readonly policy: string
  readonly openings: ReadonlyArray<OpeningOutcome>
  readonly requests: ReadonlyArray<RequestOutcome>
  /** Every message (offer sent, call made) by patient: when. */
  readonly messages: ReadonlyMap<string, ReadonlyArray<Instant>>
  readonly answers: AnswerTally
}

export const createRecorder = (policy: string) => {
  const openings = new Map<string, OpeningOutcome>()
  const requests = new Map<string, RequestOutcome>()
  const messages = new Map<string, Instant[]>()
  const answers: AnswerTally = { sent: 0, booked: 0, acceptedTooLate: 0, declined: 0 }
  const openingOf = (id: string) => {
    const found = openings.get(id)
    if (found === undefined) throw new Error(`no opening ${id} was recorded`)
    return found
  }
  return {
    answers,
    request: (patient: WaitingPatient, now: Instant) => {
      const { request } = patient
      requests.set(request.id, {
        id: request.id,
        patientId: request.patient_id,
        priority: request.priority,
        clinicId: request.clinic_id,
        waitingFrom: Math.max(now, Date.parse(request.created_at)),
        offers: 0,
        booked: undefined,
        ended: undefined,
      })
    },
    requestEnded: (requestId: string, status: Exclude<RequestStatus, 'ACTIVE'>, at: Instant) => {
      const found = requests.get(requestId)
      if (found !== undefined && found.ended === undefined) found.ended = { status, at }
    },
    opening: (id: string, appointment: Appointment, cause: OpeningCause, now: Instant) => {
      openings.set(id, {
        id,
        clinicId: appointment.clinic.id,
        cause,
        freedAt: now,
        slotStart: appointment.start,
        status: 'OPEN',
        endedAt: undefined,
        booked: undefined,
        offers: 0,
      })
    },
    message: (openingId: string, patient: WaitingPatient, at: Instant) => {
      answers.sent += 1
      openingOf(openingId).offers += 1
      const request = requests.get(patient.request.id)
      if (request !== undefined) request.offers += 1
      const id = patient.request.patient_id
      messages.set(id, [...(messages.get(id) ?? []), at])
    },
    booked: (openingId: string, patient: WaitingPatient, at: Instant) => {
      const opening = openingOf(openingId)
      const sooner = daysSooner({ slotStart: opening.slotStart, heldStart: patient.appointment.start })
      opening.booked = { requestId: patient.request.id, priority: patient.request.priority, daysSooner: sooner }
      const request = requests.get(patient.request.id)
      if (request !== undefined) request.booked = { at, daysSooner: sooner }
    },
    closed: (openingId: string, status: Exclude<OpeningStatus, 'OPEN'>, at: Instant) => {
      const opening = openingOf(openingId)
      opening.status = status
      opening.endedAt = at
    },
    outcome: (): RunOutcome => ({
      policy,
      openings: [...openings.values()],
      requests: [...requests.values()],
      messages,
      answers,
    }),
  }
}

export type Recorder = ReturnType<typeof createRecorder>
