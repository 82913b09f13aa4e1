import { expect } from 'chai'
import { DateTime } from 'luxon'
import { DEFAULT_OFFER_POLICY, type OfferPolicy } from '../../shared/reference-data/offer-policy'
import { step } from '../../shared/offers/round-step'
import { newOpening, type Candidate, type RoundEvent, type StepResult } from '../../shared/offers/round-state'

const NEW_YORK = 'America/New_York'
const MINUTE = 60_000
const HOUR = 60 * MINUTE
const local = (iso: string) => DateTime.fromISO(iso, { zone: NEW_YORK }).toMillis()

const SLOT = local('2026-06-20T14:00')
const MORNING = local('2026-06-10T10:00')
/** The defaults, but without quiet hours unless a test is about them. */
const ANY_HOUR: OfferPolicy = { ...DEFAULT_OFFER_POLICY, quiet_hours: null }

const candidate = (id: string, facts: Partial<Candidate> = {}): Candidate => ({
  requestId: `r${id}`,
  patientId: `p${id}`,
  offersInLastDay: 0,
  holdsPendingOffer: false,
  ...facts,
})
const ranked = (...ids: string[]) => ids.map((id) => candidate(id))
const TEN = ranked('1', '2', '3', '4', '5', '6', '7', '8', '9', '10')

const open = (candidates: Candidate[], now = MORNING, policy = ANY_HOUR, slot = SLOT): StepResult =>
  step(newOpening('o1', slot), { type: 'opened', candidates }, now, policy, NEW_YORK)
const then = (result: StepResult, event: RoundEvent, now: number, policy = ANY_HOUR): StepResult =>
  step(result.state, event, now, policy, NEW_YORK)

const offered = (result: StepResult) =>
  result.effects.flatMap((effect) => (effect.type === 'create-offers' ? effect.offers.map((o) => o.requestId) : []))
const emitted = (result: StepResult) =>
  result.effects.flatMap((effect) => (effect.type === 'emit' ? [`${effect.event.type}`] : []))
const timers = (result: StepResult) =>
  result.effects.flatMap((effect) => (effect.type === 'schedule-timer' ? [{ name: effect.name, at: effect.at }] : []))
const pending = (result: StepResult) =>
  result.state.offers.filter((offer) => offer.status === 'PENDING').map((offer) => offer.requestId)
const nothingChanged = (before: StepResult, after: StepResult) => {
  expect(after.state).to.equal(before.state)
  expect(after.effects).to.deep.equal([])
}

const timerFired = (round: number, candidates = TEN): RoundEvent => ({ type: 'timer-fired', round, candidates })
const declined = (id: string, candidates = TEN): RoundEvent => ({
  type: 'offer-declined',
  requestId: `r${id}`,
  candidates,
})

describe('offer rounds: step (docs/offer-policy.md, "Rounds")', () => {
  describe('the first round', () => {
    it('offers the top batch_size candidates at once, holds them, and sets the round and notice timers', () => {
      const result = open(TEN)
      expect(offered(result)).to.deep.equal(['r1', 'r2', 'r3'])
      expect(emitted(result)).to.deep.equal(['offer.created', 'offer.created', 'offer.created'])
      expect(timers(result)).to.deep.equal([
        { name: 'offer-notice-o1', at: SLOT - 120 * MINUTE },
        { name: 'offer-round-o1-1', at: MORNING + 12 * HOUR },
      ])
      expect(result.state.phase).to.deep.equal({ kind: 'live', round: 1, endsAt: MORNING + 12 * HOUR })
      expect(result.effects[1]).to.deep.equal({
        type: 'create-offers',
        round: 1,
        expiresAt: MORNING + 12 * HOUR,
        offers: [
          { requestId: 'r1', patientId: 'p1' },
          { requestId: 'r2', patientId: 'p2' },
          { requestId: 'r3', patientId: 'p3' },
        ],
      })
    })

    it('offers batch_size at a time', () => {
      expect(offered(open(TEN, MORNING, { ...ANY_HOUR, batch_size: 1 }))).to.deep.equal(['r1'])
      expect(offered(open(TEN, MORNING, { ...ANY_HOUR, batch_size: 5 }))).to.have.length(5)
    })

    it('holds offers hold_seconds when set, else by notice', () => {
      expect(open(TEN, MORNING, { ...ANY_HOUR, hold_seconds: 900 }).state.phase).to.deep.include({
        endsAt: MORNING + 15 * MINUTE,
      })
      const threeDaysAway = MORNING + 3 * 24 * HOUR
      expect(open(TEN, MORNING, ANY_HOUR, threeDaysAway).state.phase).to.deep.include({ endsAt: MORNING + 2 * HOUR })
    })

    it('waits offer_delay_seconds before the first round, and an early timer only asks again', () => {
      const policy = { ...ANY_HOUR, offer_delay_seconds: 300 }
      const waiting = open(TEN, MORNING, policy)
      expect(offered(waiting)).to.deep.equal([])
      expect(waiting.state.phase).to.deep.equal({ kind: 'waiting', round: 1, startsAt: MORNING + 5 * MINUTE })
      expect(timers(waiting)).to.deep.include({ name: 'offer-round-o1-1-start', at: MORNING + 5 * MINUTE })
      const early = then(waiting, timerFired(1), MORNING + 4 * MINUTE, policy)
      expect(early.state).to.equal(waiting.state)
      expect(timers(early)).to.deep.equal([{ name: 'offer-round-o1-1-start', at: MORNING + 5 * MINUTE }])
      const due = then(waiting, timerFired(1), MORNING + 5 * MINUTE, policy)
      expect(offered(due)).to.deep.equal(['r1', 'r2', 'r3'])
      expect(timers(due)).to.deep.equal([{ name: 'offer-round-o1-1', at: MORNING + 5 * MINUTE + 12 * HOUR }])
    })

    it('ignores a second opened', () => {
      const first = open(TEN)
      nothingChanged(first, then(first, { type: 'opened', candidates: TEN }, MORNING + MINUTE))
    })
  })

  describe('quiet hours', () => {
    it('starts a round due in quiet hours when they end, the next morning in the clinic’s zone', () => {
      const result = open(TEN, local('2026-06-10T21:00'), DEFAULT_OFFER_POLICY)
      expect(offered(result)).to.deep.equal([])
      expect(result.state.phase).to.deep.equal({ kind: 'waiting', round: 1, startsAt: local('2026-06-11T08:00') })
      const morning = then(result, timerFired(1), local('2026-06-11T08:00'), DEFAULT_OFFER_POLICY)
      expect(offered(morning)).to.deep.equal(['r1', 'r2', 'r3'])
    })

    it('moves a delay that ends in quiet hours to their end', () => {
      const policy = { ...DEFAULT_OFFER_POLICY, offer_delay_seconds: 600 }
      expect(open(TEN, local('2026-06-10T19:55'), policy).state.phase).to.deep.include({
        startsAt: local('2026-06-11T08:00'),
      })
    })

    it('defers a timer that fires late, inside quiet hours, to their end', () => {
      const waiting = open(TEN, local('2026-06-10T19:55'), { ...DEFAULT_OFFER_POLICY, offer_delay_seconds: 60 })
      const late = then(waiting, timerFired(1), local('2026-06-10T20:30'), DEFAULT_OFFER_POLICY)
      expect(offered(late)).to.deep.equal([])
      expect(timers(late)).to.deep.equal([{ name: 'offer-round-o1-1-start', at: local('2026-06-11T08:00') }])
    })

    it('starts at any hour when quiet_hours is null', () => {
      expect(offered(open(TEN, local('2026-06-10T23:30'), ANY_HOUR))).to.have.length(3)
    })

    it('defers the round after an all-declined round that ends in quiet hours', () => {
      const round1 = open(ranked('1', '2', '3', '4'), local('2026-06-10T19:00'), DEFAULT_OFFER_POLICY)
      const at = local('2026-06-10T20:15')
      const r = [declined('1'), declined('2'), declined('3')].reduce(
        (s, e) => then(s, e, at, DEFAULT_OFFER_POLICY),
        round1,
      )
      expect(r.state.phase).to.deep.equal({ kind: 'waiting', round: 2, startsAt: local('2026-06-11T08:00') })
    })
  })

  describe('the notice limit', () => {
    it('expires at once an opening opened within min_notice_minutes of its slot', () => {
      const result = open(TEN, SLOT - 119 * MINUTE)
      expect(result.state.status).to.equal('EXPIRED')
      expect(result.effects).to.deep.equal([
        { type: 'expire-opening' },
        { type: 'emit', event: { type: 'opening.expired', openingId: 'o1' } },
      ])
    })

    it('honours min_notice_minutes: 0 offers right up to the slot', () => {
      expect(offered(open(TEN, SLOT - MINUTE, { ...ANY_HOUR, min_notice_minutes: 0 }))).to.have.length(3)
    })

    it('ends a round at the notice limit, expiring its offers and the opening', () => {
      const round1 = open(TEN, SLOT - 130 * MINUTE)
      expect(round1.state.phase).to.deep.include({ endsAt: SLOT - 120 * MINUTE })
      const expired = then(round1, { type: 'notice-limit-reached' }, SLOT - 120 * MINUTE)
      expect(expired.state.status).to.equal('EXPIRED')
      expect(expired.effects[0]).to.deep.equal({ type: 'expire-offers', requestIds: ['r1', 'r2', 'r3'] })
      expect(emitted(expired)).to.deep.equal(['offer.expired', 'offer.expired', 'offer.expired', 'opening.expired'])
      nothingChanged(expired, then(expired, timerFired(1), SLOT - 120 * MINUTE))
    })

    it('starts no round after the notice limit, and the notice timer expires the opening', () => {
      const policy = { ...ANY_HOUR, offer_delay_seconds: 3600 }
      const result = open(TEN, SLOT - 150 * MINUTE, policy)
      expect(result.state.phase).to.deep.equal({ kind: 'idle', round: 0 })
      expect(timers(result)).to.deep.equal([{ name: 'offer-notice-o1', at: SLOT - 120 * MINUTE }])
      const early = then(result, { type: 'notice-limit-reached' }, SLOT - 121 * MINUTE, policy)
      expect(timers(early)).to.deep.equal([{ name: 'offer-notice-o1', at: SLOT - 120 * MINUTE }])
      expect(then(result, { type: 'notice-limit-reached' }, SLOT - 120 * MINUTE, policy).state.status).to.equal(
        'EXPIRED',
      )
    })

    it('expires an OPEN opening on any event past the notice limit, and refuses its acceptance', () => {
      const round1 = open(TEN, SLOT - 130 * MINUTE)
      const late = then(round1, { type: 'offer-accepted', requestId: 'r1' }, SLOT - 119 * MINUTE)
      expect(late.state.status).to.equal('EXPIRED')
      expect(late.effects.map((e) => e.type)).to.not.include('fill-opening')
    })
  })

  describe('round progression', () => {
    it('starts the next round at once when every offer of a round is declined, to the next candidates', () => {
      const round1 = open(TEN)
      const one = then(round1, declined('2'), MORNING + HOUR)
      expect(emitted(one)).to.deep.equal(['offer.declined'])
      expect(one.state.phase).to.deep.include({ kind: 'live', round: 1 })
      const two = then(one, declined('1'), MORNING + HOUR)
      const three = then(two, declined('3'), MORNING + 2 * HOUR)
      expect(offered(three)).to.deep.equal(['r4', 'r5', 'r6'])
      expect(three.state.phase).to.deep.equal({ kind: 'live', round: 2, endsAt: MORNING + 14 * HOUR })
      expect(timers(three)).to.deep.equal([{ name: 'offer-round-o1-2', at: MORNING + 14 * HOUR }])
    })

    it('expires the PENDING offers when the hold ends and offers the next candidates', () => {
      const round1 = open(TEN)
      const one = then(round1, declined('2'), MORNING + HOUR)
      const ended = then(one, timerFired(1), MORNING + 12 * HOUR)
      expect(ended.effects[0]).to.deep.equal({ type: 'expire-offers', requestIds: ['r1', 'r3'] })
      expect(emitted(ended)).to.deep.equal([
        'offer.expired',
        'offer.expired',
        'offer.created',
        'offer.created',
        'offer.created',
      ])
      expect(offered(ended)).to.deep.equal(['r4', 'r5', 'r6'])
      expect(ended.state.offers.map((o) => `${o.requestId}:${o.status}`)).to.deep.equal([
        'r1:EXPIRED',
        'r2:DECLINED',
        'r3:EXPIRED',
        'r4:PENDING',
        'r5:PENDING',
        'r6:PENDING',
      ])
    })

    it('never offers the same request twice for one opening, even when it still ranks first', () => {
      let result = open(TEN, MORNING, { ...ANY_HOUR, batch_size: 2 })
      const seen: string[] = offered(result)
      for (let round = 1; round <= 4; round++) {
        result = then(result, timerFired(round), MORNING + round * 12 * HOUR, { ...ANY_HOUR, batch_size: 2 })
        seen.push(...offered(result))
      }
      expect(seen).to.deep.equal(['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10'])
    })

    it('stays OPEN with no live round once nobody is left, until candidates appear', () => {
      const round1 = open(ranked('1', '2'))
      const idle = then(round1, timerFired(1, ranked('1', '2')), MORNING + 12 * HOUR)
      expect(idle.state.status).to.equal('OPEN')
      expect(idle.state.phase).to.deep.equal({ kind: 'idle', round: 1 })
      expect(timers(idle)).to.deep.equal([])
      const appeared = then(idle, { type: 'candidates-appeared', candidates: ranked('1', '7') }, MORNING + 13 * HOUR)
      expect(offered(appeared)).to.deep.equal(['r7'])
      expect(appeared.state.phase).to.deep.include({ kind: 'live', round: 2 })
    })

    it('ignores candidates-appeared while a round is live or waiting', () => {
      const live = open(ranked('1'))
      nothingChanged(live, then(live, { type: 'candidates-appeared', candidates: TEN }, MORNING + MINUTE))
      const waiting = open(TEN, MORNING, { ...ANY_HOUR, offer_delay_seconds: 60 })
      nothingChanged(waiting, then(waiting, { type: 'candidates-appeared', candidates: TEN }, MORNING + 1))
    })
  })

  describe('timers', () => {
    it('treats the timer of a round already ended as stale: nothing changes', () => {
      const round2 = then(then(then(open(TEN), declined('1'), MORNING), declined('2'), MORNING), declined('3'), MORNING)
      nothingChanged(round2, then(round2, timerFired(1), MORNING + 12 * HOUR))
      nothingChanged(round2, then(round2, timerFired(3), MORNING + 12 * HOUR))
    })

    it('re-asks for a round’s timer that fires before the hold ends, changing nothing else', () => {
      const round1 = open(TEN)
      const early = then(round1, timerFired(1), MORNING + 11 * HOUR)
      expect(early.state).to.equal(round1.state)
      expect(timers(early)).to.deep.equal([{ name: 'offer-round-o1-1', at: MORNING + 12 * HOUR }])
    })
  })

  describe('caps', () => {
    it('skips a patient who had max_offers_per_patient_per_day offers in the last day', () => {
      const candidates = [
        candidate('1', { offersInLastDay: 3 }),
        candidate('2', { offersInLastDay: 2 }),
        ...ranked('3', '4'),
      ]
      expect(offered(open(candidates))).to.deep.equal(['r2', 'r3', 'r4'])
      expect(offered(open(candidates, MORNING, { ...ANY_HOUR, max_offers_per_patient_per_day: 4 }))).to.deep.equal([
        'r1',
        'r2',
        'r3',
      ])
      expect(offered(open(candidates, MORNING, { ...ANY_HOUR, max_offers_per_patient_per_day: 1 }))).to.deep.equal([
        'r3',
        'r4',
      ])
    })

    it('skips a patient who holds a PENDING offer elsewhere', () => {
      expect(offered(open([candidate('1', { holdsPendingOffer: true }), ...ranked('2', '3', '4')]))).to.deep.equal([
        'r2',
        'r3',
        'r4',
      ])
    })

    it('gives a patient with two fitting requests one offer, not two PENDING at once', () => {
      const twice = [candidate('1'), candidate('2', { patientId: 'p1' }), ...ranked('3', '4')]
      expect(open(twice).effects[1]).to.deep.include({
        offers: [
          { requestId: 'r1', patientId: 'p1' },
          { requestId: 'r3', patientId: 'p3' },
          { requestId: 'r4', patientId: 'p4' },
        ],
      })
    })
  })

  describe('answers and withdrawals', () => {
    it('fills the opening on acceptance and withdraws the other PENDING offers', () => {
      const round1 = then(open(TEN), declined('3'), MORNING)
      const filled = then(round1, { type: 'offer-accepted', requestId: 'r2' }, MORNING + HOUR)
      expect(filled.state.status).to.equal('FILLED')
      expect(filled.effects).to.deep.include({ type: 'fill-opening', requestId: 'r2', patientId: 'p2' })
      expect(filled.effects).to.deep.include({ type: 'withdraw-offers', requestIds: ['r1'] })
      expect(emitted(filled)).to.deep.equal(['offer.accepted', 'offer.withdrawn', 'opening.filled'])
      expect(pending(filled)).to.deep.equal([])
      nothingChanged(filled, then(filled, { type: 'offer-accepted', requestId: 'r1' }, MORNING + HOUR))
      nothingChanged(filled, then(filled, timerFired(1), MORNING + 12 * HOUR))
    })

    it('changes nothing for an answer to an offer that is past its hold or not PENDING', () => {
      const round1 = open(TEN)
      nothingChanged(round1, then(round1, { type: 'offer-accepted', requestId: 'r1' }, MORNING + 12 * HOUR))
      nothingChanged(round1, then(round1, declined('1'), MORNING + 12 * HOUR))
      nothingChanged(round1, then(round1, { type: 'offer-accepted', requestId: 'r9' }, MORNING))
      const one = then(round1, declined('1'), MORNING)
      nothingChanged(one, then(one, { type: 'offer-accepted', requestId: 'r1' }, MORNING))
    })

    it('withdraws the offer of a request that changed, and moves on once none is left PENDING', () => {
      const single = { ...ANY_HOUR, batch_size: 1 }
      const round1 = open(TEN, MORNING, single)
      const moved = then(
        round1,
        { type: 'request-withdrawn', requestId: 'r1', candidates: TEN },
        MORNING + HOUR,
        single,
      )
      expect(moved.effects[0]).to.deep.equal({ type: 'withdraw-offers', requestIds: ['r1'] })
      expect(emitted(moved)).to.deep.equal(['offer.withdrawn', 'offer.created'])
      expect(offered(moved)).to.deep.equal(['r2'])
      nothingChanged(moved, then(moved, { type: 'request-withdrawn', requestId: 'r7', candidates: TEN }, MORNING))
    })

    it('withdraws the PENDING offers of a withdrawn opening and starts no more rounds', () => {
      const withdrawn = then(open(TEN), { type: 'opening-withdrawn' }, MORNING + HOUR)
      expect(withdrawn.state.status).to.equal('WITHDRAWN')
      expect(withdrawn.effects[0]).to.deep.equal({ type: 'withdraw-offers', requestIds: ['r1', 'r2', 'r3'] })
      expect(emitted(withdrawn)).to.deep.equal(['offer.withdrawn', 'offer.withdrawn', 'offer.withdrawn'])
      nothingChanged(withdrawn, then(withdrawn, { type: 'candidates-appeared', candidates: TEN }, MORNING + HOUR))
    })
  })
})
