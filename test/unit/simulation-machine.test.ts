import { expect } from 'chai'
import * as E from 'fp-ts/Either'
import { DateTime } from 'luxon'
import type { Disposition, Dispositions } from '../../bench/simulation/acceptance'
import type { WaitingPatient } from '../../bench/simulation/arrivals'
import { runOffers } from '../../bench/simulation/offer-run'
import type { RunOutcome } from '../../bench/simulation/outcomes'
import { runPhone } from '../../bench/simulation/phone-run'
import { slotOf, type Appointment, type Clinic } from '../../bench/simulation/schedule'
import type { Trace } from '../../bench/simulation/trace'
import { createWaitlist } from '../../bench/simulation/waitlist'
import { CandidateRequest, rankCandidates } from '../../shared/openings/candidates'
import { DEFAULT_OFFER_POLICY } from '../../shared/reference-data/offer-policy'

/**
 * A clinic small enough to follow by hand, run through the service's own
 * round machine (bench/simulation/offer-run.ts) and through the phone list:
 * one cancelled slot, three waiting patients who answer as each test says.
 */

const ZONE = 'America/New_York'
const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const at = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toMillis()
const CLINIC: Clinic = { id: 'clinic-1', zone: ZONE, providers: ['clinic-1-provider-1'] }

const appointment = (n: number, start: string, patientId: string): Appointment => ({
  id: `clinic-1-appointment-${n}`,
  clinic: CLINIC,
  providerId: 'clinic-1-provider-1',
  start: at(start),
  minutes: 30,
  categoryId: 'consult',
  patientId,
})

const waiting = (n: number, priority: number, held: string): WaitingPatient => {
  const decoded = CandidateRequest.decode({
    id: `00000001-0000-4000-8000-00000000000${n}`,
    clinic_id: CLINIC.id,
    patient_id: `patient-${n}`,
    status: 'ACTIVE',
    appointment_category_id: 'consult',
    appointment_duration: 30,
    preferred_providers: [],
    preferred_time_slots: ['ANYTIME'],
    preferred_days: [],
    date_range_start: '2026-06-01',
    date_range_end: DateTime.fromISO(held, { zone: ZONE }).minus({ days: 1 }).toISODate(),
    priority,
    created_at: '2026-05-20T12:00:00.000Z',
  })
  if (E.isLeft(decoded)) throw new Error('a bad fixture request')
  return {
    request: decoded.right,
    appointment: appointment(n, held, `patient-${n}`),
    leavesAt: undefined,
    expiresAt: at(held) - 10 * 60 * MINUTE,
  }
}

const P1 = waiting(1, 1, '2026-07-01T10:00')
const P2 = waiting(2, 2, '2026-07-02T10:00')
const P3 = waiting(3, 3, '2026-07-03T10:00')
const SLOT = appointment(9, '2026-06-11T10:00', 'patient-9')

const traceWith = (cancelledAt: number): Trace => ({
  seed: 1,
  clinics: [CLINIC],
  begins: at('2026-06-08T00:00'),
  start: at('2026-06-08T00:00'),
  end: at('2026-06-15T00:00'),
  horizon: at('2026-06-15T00:00'),
  waiting: [P1, P2, P3],
  events: [{ at: cancelledAt, event: { kind: 'appointment-cancelled', appointment: SLOT } }],
  patientOf: new Map([P1, P2, P3].map((p) => [p.appointment.id, p])),
})
const MONDAY_9 = traceWith(at('2026-06-08T09:00'))

const disposition: Disposition = { leaning: 0.99, answers: false, delayMinutes: 0, spread: 0, picksUp: false }
const answers =
  (byPatient: Record<string, Partial<Disposition>>): Dispositions =>
  (requestId) => ({ ...disposition, ...byPatient[requestId.slice(-1)] })
// Patient 1 declines after half an hour, patient 2 never answers, patient 3 takes it after ten minutes.
const HAND = answers({
  '1': { answers: true, delayMinutes: 30, picksUp: true },
  '3': { answers: true, delayMinutes: 10, leaning: 0, picksUp: true },
})

const messages = (run: RunOutcome) =>
  [...run.messages].flatMap(([patientId, times]) => times.map((t) => [patientId, new Date(t).toISOString()]))
const openingOf = (run: RunOutcome, appointmentId: string) =>
  run.openings.find((o) => o.id === `opening-${appointmentId}`)

describe('simulation: a clinic by hand, through the service round machine', () => {
  it('one offer at a time: a decline starts the next round at once, a lapse at the hold, an acceptance fills', () => {
    const run = runOffers(MONDAY_9, 'one at a time', { ...DEFAULT_OFFER_POLICY, batch_size: 1 }, HAND)
    // Three days away: the hold by notice is two hours.
    expect(messages(run)).to.deep.equal([
      ['patient-1', new Date(at('2026-06-08T09:00')).toISOString()],
      ['patient-2', new Date(at('2026-06-08T09:30')).toISOString()],
      ['patient-3', new Date(at('2026-06-08T11:30')).toISOString()],
    ])
    const filled = openingOf(run, SLOT.id)
    expect(filled?.status).to.equal('FILLED')
    expect(filled?.endedAt).to.equal(at('2026-06-08T11:40'))
    expect(filled?.booked).to.deep.equal({ requestId: P3.request.id, priority: 3, daysSooner: 22 })
    expect(run.answers).to.deep.equal({ sent: 3, booked: 1, acceptedTooLate: 0, declined: 1 })
    expect(run.requests.find((r) => r.id === P3.request.id)?.ended?.status).to.equal('FULFILLED')
    expect(run.requests.filter((r) => r.ended === undefined).map((r) => r.id)).to.deep.equal([
      P1.request.id,
      P2.request.id,
    ])
    // Patient 3 gives up their own appointment, which nobody waiting can use (it is after both ranges).
    const released = openingOf(run, P3.appointment.id)
    expect(released).to.include({ cause: 'released', status: 'OPEN', freedAt: at('2026-06-08T11:40'), offers: 0 })
  })

  it('the default policy: all three at once, the first yes fills, a later answer finds the offer withdrawn', () => {
    const run = runOffers(MONDAY_9, 'default', DEFAULT_OFFER_POLICY, HAND)
    expect(messages(run).map(([, t]) => t)).to.deep.equal(Array(3).fill(new Date(at('2026-06-08T09:00')).toISOString()))
    expect(openingOf(run, SLOT.id)).to.include({ status: 'FILLED', endedAt: at('2026-06-08T09:10') })
    expect(run.answers).to.deep.equal({ sent: 3, booked: 1, acceptedTooLate: 0, declined: 1 })
  })

  it('quiet hours: a slot freed at 21:00 is offered when they end, at 08:00', () => {
    const run = runOffers(traceWith(at('2026-06-08T21:00')), 'default', DEFAULT_OFFER_POLICY, HAND)
    expect(messages(run).map(([, t]) => t)).to.deep.equal(Array(3).fill(new Date(at('2026-06-09T08:00')).toISOString()))
    expect(openingOf(run, SLOT.id)).to.include({ status: 'FILLED', endedAt: at('2026-06-09T08:10') })
  })

  it('the notice limit: a slot freed under two hours before it starts is never offered', () => {
    const run = runOffers(traceWith(at('2026-06-11T08:30')), 'default', DEFAULT_OFFER_POLICY, HAND)
    expect(messages(run)).to.deep.equal([])
    expect(openingOf(run, SLOT.id)).to.include({ status: 'EXPIRED', endedAt: at('2026-06-11T08:30') })
  })

  it('the phone list: staff call in waitlist order, four minutes a call, and book whoever picks up and says yes', () => {
    const run = runPhone(MONDAY_9, 'phone', 60, HAND)
    expect(messages(run).map(([patient, t]) => [patient, t])).to.deep.equal([
      ['patient-1', new Date(at('2026-06-08T09:00')).toISOString()],
      ['patient-2', new Date(at('2026-06-08T09:04')).toISOString()],
      ['patient-3', new Date(at('2026-06-08T09:08')).toISOString()],
    ])
    expect(openingOf(run, SLOT.id)).to.include({ status: 'FILLED', endedAt: at('2026-06-08T09:12') })
    expect(run.answers).to.deep.equal({ sent: 3, booked: 1, acceptedTooLate: 0, declined: 1 })
  })
})

describe('simulation: the phone list with two slots', () => {
  it('works through slots in the order they were freed, booking each call for the slot it was about', () => {
    const sooner = appointment(8, '2026-06-10T10:00', 'patient-8')
    const trace: Trace = {
      ...MONDAY_9,
      events: [
        ...MONDAY_9.events,
        { at: at('2026-06-08T09:02'), event: { kind: 'appointment-cancelled', appointment: sooner } },
      ],
    }
    const run = runPhone(trace, 'phone', 60, (requestId) => ({
      ...disposition,
      picksUp: !requestId.endsWith('2'),
      leaning: 0,
    }))
    // Patient 1 takes the first slot freed; for the second, patient 2 misses the call and patient 3 takes it.
    expect(openingOf(run, SLOT.id)).to.include({ status: 'FILLED', endedAt: at('2026-06-08T09:04') })
    expect(openingOf(run, SLOT.id)?.booked?.requestId).to.equal(P1.request.id)
    expect(openingOf(run, sooner.id)).to.include({ status: 'FILLED', endedAt: at('2026-06-08T09:12') })
    expect(openingOf(run, sooner.id)?.booked?.requestId).to.equal(P3.request.id)
  })
})

describe('simulation: candidates', () => {
  it('ranks as rankCandidates does, with recent declines from the offers the run logged', () => {
    const waitlist = createWaitlist()
    for (const patient of [P1, P2, P3]) waitlist.add(patient)
    const slot = slotOf(SLOT)
    const now = at('2026-06-08T09:00')
    const first = waitlist.ranked(slot, now)
    expect(first).to.deep.equal(
      rankCandidates(
        [P1, P2, P3].map((p) => p.request),
        slot.at,
        [],
        new Date(now),
      ),
    )
    expect(first.map((c) => c.patient_id)).to.deep.equal(['patient-1', 'patient-2', 'patient-3'])
    // Patient 1 turns down two offers elsewhere, one of them in the last day: now behind the others.
    for (const [openingId, ago] of [
      ['o1', 3 * DAY],
      ['o2', 20 * HOUR],
    ] as const) {
      waitlist.offers.sent('patient-1', {
        openingId,
        requestId: P1.request.id,
        createdAt: now - ago,
        status: 'PENDING',
      })
      waitlist.offers.ended('patient-1', openingId, 'DECLINED', now - ago + MINUTE)
    }
    const ended = [3 * DAY, 20 * HOUR].map((ago) => ({
      patient_id: 'patient-1',
      ended_at: new Date(now - ago + MINUTE),
    }))
    const second = waitlist.ranked(slot, now)
    expect(second).to.deep.equal(
      rankCandidates(
        [P1, P2, P3].map((p) => p.request),
        slot.at,
        ended,
        new Date(now),
      ),
    )
    expect(second.map((c) => c.patient_id)).to.deep.equal(['patient-2', 'patient-3', 'patient-1'])
    // One who leaves the list is no longer a candidate; the facts are the service's.
    waitlist.end(P2.request.id, 'CANCELLED')
    expect(waitlist.candidates('o3', slot, now)).to.deep.equal([
      { requestId: P3.request.id, patientId: 'patient-3', offersInLastDay: 0, holdsPendingOffer: false },
      { requestId: P1.request.id, patientId: 'patient-1', offersInLastDay: 1, holdsPendingOffer: false },
    ])
  })
})
