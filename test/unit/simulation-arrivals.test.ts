import { expect } from 'chai'
import * as E from 'fp-ts/Either'
import { DateTime } from 'luxon'
import { bookingOf, cancellationNotice, cancellationShare } from '../../bench/simulation/arrivals'
import { PARAMETERS } from '../../bench/simulation/parameters'
import type { Random } from '../../bench/simulation/random'
import { appointmentsOf, clinicsOf, type Appointment } from '../../bench/simulation/schedule'
import { buildTrace } from '../../bench/simulation/trace'
import { CandidateRequest } from '../../shared/openings/candidates'

/** The simulator's world: the schedule, bookings and cancellations, and the waitlist's arrivals (docs/simulation.md). */

const HOUR = 60 * 60 * 1000
const DAY = 24 * HOUR
const FAR = Date.UTC(2030, 0, 1)

/** A stand-in for a stream: these numbers in turn. */
const numbers = (...values: number[]): Random => {
  let i = 0
  return () => values[i++ % values.length] as number
}

const [CLINIC] = clinicsOf(1)
if (CLINIC === undefined) throw new Error('no clinic')
// 2 March 2026 is a Monday in New York: every provider but the first works (the first has Mondays off).
const MONDAY = appointmentsOf(1, CLINIC, '2026-03-02', 1)
const YEAR = appointmentsOf(7, CLINIC, '2026-03-02', 364)

describe('simulation: the schedule', () => {
  it("packs each working provider's sessions with appointments back to back, on the clinic's clock", () => {
    const providers = new Set(MONDAY.map((a) => a.providerId))
    expect([...providers]).to.deep.equal(CLINIC.providers.slice(1))
    for (const providerId of providers) {
      const day = MONDAY.filter((a) => a.providerId === providerId)
      const local = (a: Appointment) => DateTime.fromMillis(a.start, { zone: CLINIC.zone }).toFormat('HH:mm')
      const sessions = [
        day.filter((a) => local(a) < '12:00'),
        day.filter((a) => local(a) >= '13:00' && local(a) < '17:00'),
        day.filter((a) => local(a) >= '17:00'),
      ]
      expect(local(sessions[0]?.[0] as Appointment)).to.equal('08:00')
      expect(local(sessions[1]?.[0] as Appointment)).to.equal('13:00')
      for (const session of sessions.slice(0, 2)) {
        const minutes = session.reduce((sum, a) => sum + a.minutes, 0)
        // Packed until what is left is shorter than the shortest category (20 minutes).
        expect(minutes).to.be.within(240 - 19, 240)
        session
          .slice(1)
          .forEach((a, i) =>
            expect(a.start).to.equal((session[i] as Appointment).start + (session[i] as Appointment).minutes * 60_000),
          )
      }
    }
  })

  it('gives the evening session to the first evening provider on Tuesdays only', () => {
    const evenings = YEAR.filter((a) => DateTime.fromMillis(a.start, { zone: CLINIC.zone }).hour >= 17)
    expect(new Set(evenings.map((a) => a.providerId))).to.deep.equal(new Set([CLINIC.providers[0]]))
    expect(new Set(evenings.map((a) => DateTime.fromMillis(a.start, { zone: CLINIC.zone }).weekday))).to.deep.equal(
      new Set([2]),
    )
  })
})

describe('simulation: bookings and cancellations', () => {
  it('cancels by lead time through the VA anchors: 19 % at 15 days, 50 % at a year, log-linear between', () => {
    expect(cancellationShare(15)).to.be.closeTo(0.19, 1e-12)
    expect(cancellationShare(365)).to.be.closeTo(0.5, 1e-12)
    expect(cancellationShare(Math.sqrt(15 * 365))).to.be.closeTo(0.345, 1e-12)
    expect(cancellationShare(2)).to.equal(0.19)
    expect(cancellationShare(700)).to.equal(0.5)
  })

  it('cancels a late share in the last day, the others between a day and the lead, bunched towards the slot', () => {
    const lead = 20 * DAY
    expect(cancellationNotice(numbers(0.1), lead)).to.equal(0.1 * DAY)
    expect(cancellationNotice(numbers(0.9, 0.5), lead)).to.equal(DAY + 19 * DAY * 0.25)
    expect(cancellationNotice(numbers(0.9, 0.5), 6 * HOUR)).to.equal(0.9 * 6 * HOUR)
  })

  it('books each appointment from its own stream: the same seed, the same booking', () => {
    const appointment = YEAR[100] as Appointment
    expect(bookingOf(3, appointment, FAR)).to.deep.equal(bookingOf(3, appointment, FAR))
    expect(bookingOf(3, appointment, FAR).bookedAt).not.to.equal(bookingOf(4, appointment, FAR).bookedAt)
  })

  it('over a year of one clinic, books, cancels and puts on the waitlist at the rates of parameters.ts', () => {
    const bookings = YEAR.map((a) => bookingOf(11, a, FAR))
    const leadDays = (b: (typeof bookings)[number]) => (b.appointment.start - b.bookedAt) / DAY
    const share = (part: number, whole: number) => part / whole
    const short = bookings.filter((b) => leadDays(b) <= 15)
    expect(share(short.filter((b) => b.cancelledAt !== undefined).length, short.length)).to.be.closeTo(0.19, 0.02)
    const eligible = bookings.filter((b) => leadDays(b) >= PARAMETERS.waitlist.minLeadDays)
    expect(share(eligible.filter((b) => b.patient !== undefined).length, eligible.length)).to.be.closeTo(0.3, 0.02)
    expect(
      bookings.filter((b) => leadDays(b) < PARAMETERS.waitlist.minLeadDays && b.patient !== undefined),
    ).to.deep.equal([])
    const median = [...bookings.map(leadDays)].sort((a, b) => a - b)[Math.floor(bookings.length / 2)] as number
    expect(median).to.be.closeTo(PARAMETERS.booking.leadMedianDays, 1.5)
    for (const b of bookings.filter((x) => x.cancelledAt !== undefined))
      expect(b.cancelledAt).to.be.within(b.bookedAt, b.appointment.start)
  })

  it('asks to be seen sooner with a request the service accepts: from the day of booking to the day before the appointment', () => {
    const waiting = YEAR.map((a) => bookingOf(11, a, FAR)).flatMap((b) => (b.patient === undefined ? [] : [b]))
    for (const { patient, appointment, bookedAt } of waiting.slice(0, 200)) {
      if (patient === undefined) continue
      const { request } = patient
      expect(E.isRight(CandidateRequest.decode(request))).to.equal(true)
      const zone = appointment.clinic.zone
      expect(request.date_range_end).to.equal(
        DateTime.fromMillis(appointment.start, { zone }).minus({ days: 1 }).toISODate(),
      )
      expect(request.date_range_start >= (DateTime.fromMillis(bookedAt, { zone }).toISODate() ?? '')).to.equal(true)
      expect(request.appointment_duration).to.equal(appointment.minutes)
      expect(request.preferred_providers).to.satisfy((p: string[]) => p.length === 0 || p[0] === appointment.providerId)
      expect(Date.parse(request.created_at)).to.equal(bookedAt)
    }
  })
})

describe('simulation: the trace', () => {
  const trace = buildTrace(5, 2, 14)

  it('opens its window after the warm-up and runs the drain after it', () => {
    expect(trace.start - trace.begins).to.equal(PARAMETERS.warmupDays * DAY)
    expect(trace.end - trace.start).to.equal(14 * DAY)
    expect(trace.horizon - trace.end).to.equal(PARAMETERS.drainDays * DAY)
  })

  it('holds the patients waiting when it begins, then every event in time order within the run', () => {
    expect(trace.waiting.length).to.be.greaterThan(0)
    for (const { request } of trace.waiting) expect(Date.parse(request.created_at)).to.be.below(trace.begins)
    const times = trace.events.map((e) => e.at)
    expect(times).to.deep.equal([...times].sort((a, b) => a - b))
    expect(times[0]).to.be.at.least(trace.begins)
    expect(times[times.length - 1]).to.be.below(trace.horizon)
    const kinds = new Set(trace.events.map((e) => e.event.kind))
    expect([...kinds].sort()).to.deep.equal([
      'appointment-cancelled',
      'request-created',
      'request-expired',
      'request-left',
    ])
  })

  it('is the same for the same seed', () => {
    const again = buildTrace(5, 2, 14)
    expect(again.events.length).to.equal(trace.events.length)
    expect(again.events.map((e) => e.at)).to.deep.equal(trace.events.map((e) => e.at))
    expect(buildTrace(6, 2, 14).events.map((e) => e.at)).not.to.deep.equal(trace.events.map((e) => e.at))
  })
})
