import { noticeLimit } from '../../shared/offers/hold-window'
import { beforeNoticeLimit } from '../../shared/offers/offer-answer'
import { step, wantsCandidates } from '../../shared/offers/round-step'
import { timersFor } from '../../shared/offers/round-timers'
import {
  newOpening,
  type Candidate,
  type OpeningRounds,
  type RoundEffect,
  type RoundEvent,
  type Timer,
} from '../../shared/offers/round-state'
import type { OfferPolicy } from '../../shared/reference-data/offer-policy'
import { responseTo, seededDispositions, type Dispositions } from './acceptance'
import type { WaitingPatient } from './arrivals'
import type { RunOutcome } from './outcomes'
import { playTrace, type Driver, type World } from './run-world'
import { slotOf, type Slot } from './schedule'
import type { Trace } from './trace'

/**
 * Automated offers under one policy, as the worker runs them
 * (worker/offers/round-engine.ts, offer-rounds.ts, answer-offer.ts,
 * nudge-openings.ts): each event steps the service's own round machine
 * (`step`) with the ranked candidates and their patients' facts, its
 * effects are carried out on the in-memory waitlist, and its timers are
 * added from `timersFor` after every step, as delayed jobs are.
 */

type OfferEvent =
  | { readonly kind: 'timer'; readonly openingId: string; readonly timer: Timer }
  | { readonly kind: 'answer'; readonly openingId: string; readonly requestId: string; readonly accepts: boolean }

interface SimOpening {
  readonly id: string
  readonly slot: Slot
  rounds: OpeningRounds
}

const offerDriver =
  (policy: OfferPolicy, dispositions: Dispositions) =>
  (world: World<OfferEvent>): Driver<OfferEvent> => {
    const { clock, waitlist, recorder } = world
    const openings = new Map<string, SimOpening>()
    const openAt = new Map<string, Set<SimOpening>>()
    const openIn = (clinicId: string): Set<SimOpening> => {
      const found = openAt.get(clinicId)
      if (found !== undefined) return found
      const made = new Set<SimOpening>()
      openAt.set(clinicId, made)
      return made
    }

    const sendOffers = (opening: SimOpening, effect: Extract<RoundEffect, { type: 'create-offers' }>) => {
      const now = clock.now()
      for (const offer of effect.offers) {
        const patient = world.patient(offer.requestId)
        const { request, appointment } = patient
        waitlist.offers.sent(request.patient_id, {
          openingId: opening.id,
          requestId: request.id,
          createdAt: now,
          status: 'PENDING',
        })
        recorder.message(opening.id, patient, now)
        const response = responseTo(dispositions(request.id, opening.id), opening.slot.at.timezone, {
          sentAt: now,
          slotStart: opening.rounds.slotStart,
          heldStart: appointment.start,
          ownProvider: appointment.providerId === opening.slot.at.provider_id,
          priority: request.priority,
        })
        if (response.answersAt !== undefined)
          world.later(response.answersAt, {
            kind: 'answer',
            openingId: opening.id,
            requestId: request.id,
            accepts: response.accepts,
          })
      }
    }

    /** One event for one opening: the machine steps, its effects are carried out, its timers added. */
    const apply = (opening: SimOpening, makeEvent: (candidates: ReadonlyArray<Candidate>) => RoundEvent) => {
      const now = clock.now()
      const { timezone } = opening.slot.at
      // As the worker does (round-engine.ts): candidates are read only when the step without them found nobody.
      const bare = makeEvent([])
      const withoutAny = step(opening.rounds, bare, now, policy, timezone)
      const result = wantsCandidates(opening.rounds, withoutAny, bare)
        ? step(opening.rounds, makeEvent(waitlist.candidates(opening.id, opening.slot, now)), now, policy, timezone)
        : withoutAny
      opening.rounds = result.state
      let filled: WaitingPatient | undefined
      for (const effect of result.effects) {
        switch (effect.type) {
          case 'create-offers':
            sendOffers(opening, effect)
            break
          case 'expire-offers':
          case 'withdraw-offers':
            for (const id of effect.requestIds)
              waitlist.offers.ended(
                world.patient(id).request.patient_id,
                opening.id,
                effect.type === 'expire-offers' ? 'EXPIRED' : 'WITHDRAWN',
                now,
              )
            break
          case 'emit':
            // Answers are stored by whoever took them (answer-offer.ts); the machine announces them.
            if (effect.event.type === 'offer.accepted' || effect.event.type === 'offer.declined')
              waitlist.offers.ended(
                effect.event.patientId,
                opening.id,
                effect.event.type === 'offer.accepted' ? 'ACCEPTED' : 'DECLINED',
                now,
              )
            break
          case 'fill-opening':
            filled = world.patient(effect.requestId)
            recorder.closed(opening.id, 'FILLED', now)
            break
          case 'expire-opening':
            recorder.closed(opening.id, 'EXPIRED', now)
            break
          // Added below from timersFor, as the worker adds a step's timers once it has committed.
          case 'schedule-timer':
            break
        }
      }
      for (const timer of timersFor(opening.rounds, policy))
        clock.timer(timer.name, timer.at, {
          kind: 'own',
          event: { kind: 'timer', openingId: opening.id, timer: timer.timer },
        })
      if (opening.rounds.status !== 'OPEN') {
        openIn(opening.slot.at.clinic_id).delete(opening)
        waitlist.forget(opening.slot)
      }
      if (filled !== undefined) {
        world.book(opening.id, filled)
        withdrawElsewhere(filled)
        world.release(filled)
      }
    }

    /** The request's PENDING offers at every opening, withdrawn through each opening's machine. */
    const withdrawElsewhere = (patient: WaitingPatient) => {
      const { id: requestId, patient_id: patientId } = patient.request
      for (const offer of waitlist.offers.pending(patientId)) {
        const opening = openings.get(offer.openingId)
        if (offer.requestId !== requestId || opening === undefined) continue
        apply(opening, (candidates) => ({ type: 'request-withdrawn', requestId, candidates }))
      }
    }

    const answer = (event: Extract<OfferEvent, { kind: 'answer' }>) => {
      const opening = openings.get(event.openingId)
      const now = clock.now()
      const offer = opening?.rounds.offers.find((o) => o.requestId === event.requestId)
      // The guarded write of answer-offer.ts: PENDING, within its hold, before the notice limit as the policy has it.
      const takes =
        opening !== undefined &&
        offer?.status === 'PENDING' &&
        offer.expiresAt > now &&
        beforeNoticeLimit(new Date(now), noticeLimit(policy, opening.rounds.slotStart))
      if (!event.accepts) {
        recorder.answers.declined += 1
        if (takes) apply(opening, (candidates) => ({ type: 'offer-declined', requestId: event.requestId, candidates }))
        return
      }
      if (takes && waitlist.entry(event.requestId)?.status === 'ACTIVE')
        apply(opening, () => ({ type: 'offer-accepted', requestId: event.requestId }))
      else recorder.answers.acceptedTooLate += 1
    }

    return {
      freed: (appointment, cause) => {
        const id = `opening-${appointment.id}`
        const opening: SimOpening = { id, slot: slotOf(appointment), rounds: newOpening(id, appointment.start) }
        recorder.opening(id, appointment, cause, clock.now())
        openings.set(id, opening)
        openIn(appointment.clinic.id).add(opening)
        apply(opening, (candidates) => ({ type: 'opened', candidates }))
      },
      // nudge-openings.ts: every idle OPEN opening of the clinic that the new request fits looks again.
      joined: (patient) => {
        for (const opening of [...openIn(patient.request.clinic_id)]) {
          if (opening.rounds.phase.kind !== 'idle' || !waitlist.fits(opening.slot, patient.request.id)) continue
          apply(opening, (candidates) => ({ type: 'candidates-appeared', candidates }))
        }
      },
      // The expiry sweep keeps a request's offers; a cancellation withdraws them.
      ended: (patient, status) => {
        if (status === 'CANCELLED') withdrawElsewhere(patient)
      },
      handle: (event) => {
        if (event.kind === 'answer') return answer(event)
        const opening = openings.get(event.openingId)
        if (opening === undefined) return
        const { timer } = event
        if (timer.kind === 'round')
          apply(opening, (candidates) => ({ type: 'timer-fired', round: timer.round, candidates }))
        else apply(opening, () => ({ type: 'notice-limit-reached' }))
      },
    }
  }

/** A run of automated offers under `policy` against `trace`; patients answer by `dispositions`. */
export const runOffers = (
  trace: Trace,
  name: string,
  policy: OfferPolicy,
  dispositions: Dispositions = seededDispositions(trace.seed),
): RunOutcome => playTrace(trace, name, offerDriver(policy, dispositions))
