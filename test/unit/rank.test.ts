import { expect } from 'chai'
import * as fc from 'fast-check'
import type { Identifier } from '../../shared/codecs/identifier'
import { Candidate, rank, type EndedOffer, type RankCandidate } from '../../shared/openings/rank'
import type { FitReason } from '../../shared/openings/reasons'

const NOW = new Date('2026-03-10T12:00:00.000Z')
const PROVIDER = 'provider-789' as Identifier
const DAY_MS = 24 * 60 * 60 * 1000

const MET: ReadonlyArray<FitReason> = [{ code: 'STATUS', message: 'the request is ACTIVE' }]

let serial = 0
const candidate = (overrides: Partial<Record<keyof RankCandidate['request'], unknown>> = {}): RankCandidate => {
  serial += 1
  const id = `00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`
  return {
    request: {
      id,
      patient_id: `patient-${serial}`,
      priority: 3,
      created_at: '2026-01-10T09:00:00.000Z',
      preferred_providers: [],
      ...overrides,
    } as RankCandidate['request'],
    reasons: MET,
  }
}

const ended = (patient_id: string, ago_ms: number): EndedOffer => ({
  patient_id,
  ended_at: new Date(NOW.getTime() - ago_ms),
})

const order = (candidates: ReadonlyArray<RankCandidate>, offers: ReadonlyArray<EndedOffer> = []) =>
  rank(candidates, offers, { provider_id: PROVIDER, now: NOW }).map((entry) => entry.request_id)

const ids = (...candidates: ReadonlyArray<RankCandidate>) => candidates.map((entry) => entry.request.id)

describe('rank (docs/matching.md)', () => {
  it('puts priority 1 first, then the longest waiting, then the lower id', () => {
    const urgentNew = candidate({ priority: 1, created_at: '2026-03-01T00:00:00.000Z' })
    const routineOld = candidate({ priority: 3, created_at: '2025-12-01T00:00:00.000Z' })
    const urgentOld = candidate({ priority: 1, created_at: '2026-02-01T00:00:00.000Z' })
    const twinB = candidate({ priority: 2, created_at: '2026-02-01T00:00:00.000Z' })
    const twinA = candidate({ priority: 2, created_at: '2026-02-01T00:00:00.000Z' })
    expect(order([routineOld, twinA, urgentNew, twinB, urgentOld])).to.deep.equal(
      ids(urgentOld, urgentNew, twinB, twinA, routineOld),
    )
  })

  it('answers rank, request, patient, priority, waiting since and the reasons, adjustments after the rules', () => {
    const named = candidate({ preferred_providers: [PROVIDER], created_at: '2026-01-02T03:04:05.678Z' })
    const [first] = rank([named], [ended(named.request.patient_id, DAY_MS), ended(named.request.patient_id, 2)], {
      provider_id: PROVIDER,
      now: NOW,
    })
    expect(first).to.deep.equal({
      rank: 1,
      request_id: named.request.id,
      patient_id: named.request.patient_id,
      priority: 3,
      waiting_since: '2026-01-02T03:04:05.678Z',
      reasons: [
        ...MET,
        {
          code: 'RECENT_DECLINES',
          message: 'declined or let lapse 2 offers in the last 7 days; placed behind patients who did not',
        },
        {
          code: 'NAMES_PROVIDER',
          message: 'names provider-789; placed before otherwise equal requests that take any provider',
        },
      ],
    })
    expect(Candidate.is(first)).to.equal(true)
  })

  describe('patients who declined or let lapse offers lately', () => {
    const urgent = candidate({ priority: 1, created_at: '2025-11-01T00:00:00.000Z' })
    const routine = candidate({ priority: 5, created_at: '2026-03-01T00:00:00.000Z' })
    const patient = urgent.request.patient_id

    it('go behind every patient who did not, after two in the last seven days', () => {
      expect(order([urgent, routine], [ended(patient, DAY_MS), ended(patient, 7 * DAY_MS - 1)])).to.deep.equal(
        ids(routine, urgent),
      )
    })

    it('keep their place after one, or when the second ended seven days ago or earlier', () => {
      expect(order([urgent, routine], [ended(patient, DAY_MS)])).to.deep.equal(ids(urgent, routine))
      expect(order([urgent, routine], [ended(patient, DAY_MS), ended(patient, 7 * DAY_MS)])).to.deep.equal(
        ids(urgent, routine),
      )
    })

    it('keep the waitlist order among themselves', () => {
      const other = routine.request.patient_id
      const offers = [ended(patient, 1), ended(patient, 2), ended(other, 1), ended(other, 2)]
      expect(order([routine, urgent], offers)).to.deep.equal(ids(urgent, routine))
    })

    it('count only their own offers', () => {
      const offers = [ended('patient-elsewhere', 1), ended('patient-elsewhere', 2), ended(patient, 3)]
      expect(order([urgent, routine], offers)).to.deep.equal(ids(urgent, routine))
    })
  })

  describe('a request naming this provider', () => {
    it('goes before an otherwise equal one that takes anyone, whatever the ids', () => {
      const anyone = candidate()
      const named = candidate({ preferred_providers: ['provider-1', PROVIDER] })
      expect(order([anyone, named])).to.deep.equal(ids(named, anyone))
    })

    it('does not pass an older request or a more urgent one', () => {
      const named = candidate({ preferred_providers: [PROVIDER], created_at: '2026-01-10T09:00:00.001Z' })
      const older = candidate({ created_at: '2026-01-10T09:00:00.000Z' })
      const urgent = candidate({ priority: 2, created_at: '2026-02-01T00:00:00.000Z' })
      expect(order([named, older, urgent])).to.deep.equal(ids(urgent, older, named))
    })
  })

  describe('as an order', () => {
    const candidates = fc
      .uniqueArray(
        fc.record({
          serial: fc.integer({ min: 1, max: 999_999 }),
          priority: fc.integer({ min: 1, max: 5 }),
          // A few instants only, so ties on waiting time (a batch written at once) are common.
          created_at: fc.constantFrom(
            '2026-01-01T00:00:00.000Z',
            '2026-01-02T00:00:00.000Z',
            '2026-01-03T00:00:00.000Z',
          ),
          names: fc.boolean(),
          patient: fc.integer({ min: 1, max: 6 }),
        }),
        { selector: (entry) => entry.serial, maxLength: 30 },
      )
      .map((entries) =>
        entries.map((entry): RankCandidate => ({
          request: {
            id: `00000000-0000-4000-8000-${String(entry.serial).padStart(12, '0')}`,
            patient_id: `patient-${entry.patient}`,
            priority: entry.priority,
            created_at: entry.created_at,
            preferred_providers: entry.names ? [PROVIDER] : [],
          } as RankCandidate['request'],
          reasons: MET,
        })),
      )
    const offers = fc.array(
      fc.record({ patient: fc.integer({ min: 1, max: 6 }), ago: fc.integer({ min: 0, max: 10 * DAY_MS }) }),
      { maxLength: 12 },
    )

    it('is total and stable: any order of the same candidates ranks them the same, 1 to n', () => {
      fc.assert(
        fc.property(
          candidates.chain((list) =>
            fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length })),
          ),
          offers,
          ([list, shuffled], recent) => {
            const ended = recent.map((offer) => ({
              patient_id: `patient-${offer.patient}`,
              ended_at: new Date(NOW.getTime() - offer.ago),
            }))
            const ranked = rank(list, ended, { provider_id: PROVIDER, now: NOW })
            expect(rank(shuffled, [...ended].reverse(), { provider_id: PROVIDER, now: NOW })).to.deep.equal(ranked)
            expect(ranked.map((entry) => entry.rank)).to.deep.equal(list.map((_, index) => index + 1))
            expect([...ranked.map((entry) => entry.request_id)].sort()).to.deep.equal(ids(...list).sort())
            ranked.forEach((entry) => expect(Candidate.is(entry)).to.equal(true))
          },
        ),
      )
    })

    it('orders by demotion, priority, waiting time, naming the provider and id, each only where the ones before tie', () => {
      fc.assert(
        fc.property(candidates, offers, (list, recent) => {
          const ended = recent.map((offer) => ({
            patient_id: `patient-${offer.patient}`,
            ended_at: new Date(NOW.getTime() - offer.ago),
          }))
          const byId = new Map(list.map((entry) => [entry.request.id as string, entry.request]))
          const key = (entry: Candidate) => [
            entry.reasons.some((reason) => reason.code === 'RECENT_DECLINES') ? 1 : 0,
            entry.priority,
            Date.parse(entry.waiting_since),
            byId.get(entry.request_id)?.preferred_providers.includes(PROVIDER) ? 0 : 1,
          ]
          const ranked = rank(list, ended, { provider_id: PROVIDER, now: NOW })
          ranked.slice(1).forEach((entry, index) => {
            const before = ranked[index]
            if (before === undefined) return expect.fail('ranks are consecutive')
            const [a, b] = [key(before), key(entry)]
            const first = a.findIndex((value, position) => value !== b[position])
            if (first === -1) expect(before.request_id < entry.request_id).to.equal(true)
            else expect(a[first]).to.be.below(b[first] ?? Number.NaN)
          })
        }),
      )
    })
  })
})
