import * as E from 'fp-ts/Either'
import type { CandidateRequest } from '../../shared/openings/candidates'
import { fit } from '../../shared/openings/fit'
import { rank, type Candidate as Ranked, type RankCandidate } from '../../shared/openings/rank'
import type { Instant } from '../../shared/offers/instant'
import type { Candidate } from '../../shared/offers/round-state'
import type { RequestStatus } from '../../shared/waitlist-request/enums'
import type { WaitingPatient } from './arrivals'
import { createOfferLog, type OfferLog } from './offer-log'
import type { Slot } from './schedule'

/**
 * The waitlist as storage keeps it, in memory, and the candidates of each
 * freed slot found as the worker finds them (worker/openings/find-candidates.ts):
 * `rankCandidates` is `fit` on the requests a narrowing found, then `rank`.
 * Here a request and a slot never change, so each slot keeps the requests
 * `fit` accepted, told of every request that joins or leaves (the narrowing
 * is the clinic and the slot's date); `rank` runs afresh at every ranking,
 * with the patients' recent declines and facts from the offer log.
 */

interface Entry {
  readonly patient: WaitingPatient
  status: RequestStatus
}

export interface Waitlist {
  readonly offers: OfferLog
  readonly add: (patient: WaitingPatient) => void
  readonly entry: (requestId: string) => Entry | undefined
  /** Ends an ACTIVE request; false when it was not ACTIVE. */
  readonly end: (requestId: string, status: Exclude<RequestStatus, 'ACTIVE'>) => boolean
  /** The requests that fit the slot at `now`, ranked, as `rankCandidates` answers. */
  readonly ranked: (slot: Slot, now: Instant) => Ranked[]
  /** The ranked candidates with their patients' facts, as the round machine takes them. */
  readonly candidates: (openingId: string, slot: Slot, now: Instant) => Candidate[]
  /** Whether the ACTIVE request fits the slot. */
  readonly fits: (slot: Slot, requestId: string) => boolean
  /** The slot is no longer offered: it is told of requests no more. */
  readonly forget: (slot: Slot) => void
}

const inRange = (request: CandidateRequest, slot: Slot) =>
  request.date_range_start <= slot.date && slot.date <= request.date_range_end

export const createWaitlist = (): Waitlist => {
  const entries = new Map<string, Entry>()
  const activeAt = new Map<string, Map<string, CandidateRequest>>()
  // Every slot asked about and not yet forgotten, by clinic, with the ACTIVE requests that fit it.
  const slotsAt = new Map<string, Map<Slot, Map<string, RankCandidate>>>()
  const offers = createOfferLog()
  const atClinic = <V>(map: Map<string, V>, clinicId: string, make: () => V): V => {
    const found = map.get(clinicId)
    if (found !== undefined) return found
    const made = make()
    map.set(clinicId, made)
    return made
  }
  const judge = (fitting: Map<string, RankCandidate>, slot: Slot, request: CandidateRequest) => {
    if (!inRange(request, slot)) return
    const verdict = fit(request, slot.at)
    if (E.isRight(verdict)) fitting.set(request.id, { request, reasons: verdict.right })
  }
  const fittingOf = (slot: Slot): Map<string, RankCandidate> => {
    const slots = atClinic(slotsAt, slot.at.clinic_id, () => new Map<Slot, Map<string, RankCandidate>>())
    const known = slots.get(slot)
    if (known !== undefined) return known
    const fitting = new Map<string, RankCandidate>()
    for (const request of atClinic(activeAt, slot.at.clinic_id, () => new Map<string, CandidateRequest>()).values())
      judge(fitting, slot, request)
    slots.set(slot, fitting)
    return fitting
  }
  const ranked = (slot: Slot, now: Instant): Ranked[] => {
    const fitting = [...fittingOf(slot).values()]
    const ended = offers.recentEnded(
      fitting.map((c) => c.request.patient_id),
      now,
    )
    return rank(fitting, ended, { provider_id: slot.at.provider_id, now: new Date(now) })
  }

  return {
    offers,
    add: (patient) => {
      const { request } = patient
      entries.set(request.id, { patient, status: 'ACTIVE' })
      atClinic(activeAt, request.clinic_id, () => new Map<string, CandidateRequest>()).set(request.id, request)
      for (const [slot, fitting] of slotsAt.get(request.clinic_id) ?? []) judge(fitting, slot, request)
    },
    entry: (requestId) => entries.get(requestId),
    end: (requestId, status) => {
      const entry = entries.get(requestId)
      if (entry === undefined || entry.status !== 'ACTIVE') return false
      entry.status = status
      const clinicId = entry.patient.request.clinic_id
      activeAt.get(clinicId)?.delete(requestId)
      for (const fitting of slotsAt.get(clinicId)?.values() ?? []) fitting.delete(requestId)
      return true
    },
    ranked,
    candidates: (openingId, slot, now) =>
      ranked(slot, now).map((c) => ({
        requestId: c.request_id,
        patientId: c.patient_id,
        ...offers.facts(c.patient_id, openingId, now),
      })),
    fits: (slot, requestId) => fittingOf(slot).has(requestId),
    forget: (slot) => {
      slotsAt.get(slot.at.clinic_id)?.delete(slot)
    },
  }
}
