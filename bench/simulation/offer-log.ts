import { DEMOTING_STATUSES, recentOffersSince, type EndedOffer } from '../../shared/openings/rank'
import type { Instant } from '../../shared/offers/instant'
import { capWindowStart, patientFacts, type PatientFacts } from '../../shared/offers/patient-facts'
import type { OfferStatus } from '../../shared/offers/round-state'

/**
 * Every patient's offers as matching still looks at them, in memory: those
 * sent in the last day or still PENDING (what worker/offers/patient-offers.ts
 * selects for `patientFacts`), and when the ones they declined or let lapse
 * ended (what it selects for `rank`'s recent declines). Both windows only
 * move forward with the clock, so what falls out of one never comes back.
 */

export interface LoggedOffer {
  readonly openingId: string
  readonly requestId: string
  readonly createdAt: Instant
  status: OfferStatus
}

interface PatientOffers {
  live: LoggedOffer[]
  demoting: Instant[]
}

export const createOfferLog = () => {
  const offers = new Map<string, PatientOffers>()
  const offersOf = (patientId: string): PatientOffers => {
    const found = offers.get(patientId)
    if (found !== undefined) return found
    const made: PatientOffers = { live: [], demoting: [] }
    offers.set(patientId, made)
    return made
  }
  return {
    /** The patient's facts for `openingId` at `now`, judged by the service's `patientFacts`. */
    facts: (patientId: string, openingId: string, now: Instant): PatientFacts => {
      const found = offersOf(patientId)
      const since = capWindowStart(now)
      found.live = found.live.filter((o) => o.status === 'PENDING' || o.createdAt > since)
      return patientFacts(found.live, openingId, now)
    },
    /** The patients' offers declined or let lapse that `rank` counts at `now`. */
    recentEnded: (patientIds: ReadonlyArray<string>, now: Instant): EndedOffer[] => {
      const since = recentOffersSince(new Date(now)).getTime()
      const ended: EndedOffer[] = []
      for (const patientId of patientIds) {
        const found = offers.get(patientId)
        if (found === undefined) continue
        // Ended in time order, so what is too old is at the front.
        while ((found.demoting[0] ?? since) < since) found.demoting.shift()
        for (const at of found.demoting) ended.push({ patient_id: patientId, ended_at: new Date(at) })
      }
      return ended
    },
    pending: (patientId: string): LoggedOffer[] => offersOf(patientId).live.filter((o) => o.status === 'PENDING'),
    sent: (patientId: string, offer: LoggedOffer): void => {
      offersOf(patientId).live.push(offer)
    },
    /** Ends the patient's PENDING offer of `openingId`, if there is one. */
    ended: (patientId: string, openingId: string, status: OfferStatus, at: Instant): void => {
      const found = offersOf(patientId)
      for (const offer of found.live) {
        if (offer.openingId !== openingId || offer.status !== 'PENDING') continue
        offer.status = status
        if (DEMOTING_STATUSES.includes(status)) found.demoting.push(at)
      }
    },
  }
}

export type OfferLog = ReturnType<typeof createOfferLog>
