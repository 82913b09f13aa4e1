import { expect } from 'chai'
import { DateTime } from 'luxon'
import {
  acceptanceChance,
  acceptsCall,
  awake,
  dispositionOf,
  responseTo,
  type Disposition,
  type OfferContext,
} from '../../bench/simulation/acceptance'
import { PARAMETERS } from '../../bench/simulation/parameters'
import { curve } from '../../bench/simulation/random'

/** How simulated patients answer offers (bench/simulation/acceptance.ts, docs/simulation.md). */

const NEW_YORK = 'America/New_York'
const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const at = (iso: string) => DateTime.fromISO(iso, { zone: NEW_YORK }).toMillis()
const SENT = at('2026-06-10T10:00')
const { base } = PARAMETERS.acceptance

const context = (fields: Partial<OfferContext>): OfferContext => ({
  sentAt: SENT,
  slotStart: SENT + 5 * DAY,
  heldStart: SENT + 19 * DAY,
  ownProvider: true,
  priority: 3,
  ...fields,
})

const disposition = (fields: Partial<Disposition>): Disposition => ({
  leaning: 0.5,
  answers: true,
  delayMinutes: 45,
  spread: 0,
  picksUp: true,
  ...fields,
})

describe('simulation: curves', () => {
  it('reads a point as given, log-linear between points, flat beyond the ends', () => {
    const points = [
      { at: 10, value: 1 },
      { at: 1000, value: 3 },
    ]
    expect(curve(points, 10)).to.equal(1)
    expect(curve(points, 100)).to.be.closeTo(2, 1e-12)
    expect(curve(points, 1)).to.equal(1)
    expect(curve(points, 5000)).to.equal(3)
  })
})

describe('simulation: the acceptance model', () => {
  it('takes the base chance for an offer with 5 days notice, 14 days sooner, own provider, priority 3', () => {
    expect(acceptanceChance(context({}))).to.be.closeTo(base, 1e-12)
  })

  it('multiplies in notice, days sooner, provider and priority', () => {
    const short = context({ slotStart: SENT + 12 * HOUR, heldStart: SENT + 12 * HOUR + 60 * DAY })
    expect(acceptanceChance(short)).to.be.closeTo(base * 0.4 * 1.4, 1e-12)
    expect(acceptanceChance({ ...short, ownProvider: false, priority: 1 })).to.be.closeTo(
      base * 0.4 * 1.4 * 0.8 * 1.3,
      1e-12,
    )
    // Two days sooner is barely worth it; 48 hours of notice is between the short and the comfortable.
    const close = context({ slotStart: SENT + 2 * DAY, heldStart: SENT + 4 * DAY, priority: 5 })
    expect(acceptanceChance(close)).to.be.closeTo(base * 0.8 * 0.4 * 0.8, 1e-12)
  })

  it('answers after the delay, and never for a patient who does not answer', () => {
    const chance = acceptanceChance(context({}))
    expect(responseTo(disposition({ leaning: chance - 0.01 }), NEW_YORK, context({}))).to.deep.equal({
      answersAt: SENT + 45 * MINUTE,
      accepts: true,
    })
    expect(responseTo(disposition({ leaning: chance + 0.01 }), NEW_YORK, context({})).accepts).to.equal(false)
    expect(responseTo(disposition({ answers: false }), NEW_YORK, context({})).answersAt).to.equal(undefined)
  })

  it('books on the phone only when the patient picks up and is willing', () => {
    expect(acceptsCall(disposition({ leaning: 0 }), context({}))).to.equal(true)
    expect(acceptsCall(disposition({ leaning: 0, picksUp: false }), context({}))).to.equal(false)
    expect(acceptsCall(disposition({ leaning: 0.99 }), context({}))).to.equal(false)
  })

  it("holds a night's answers until the first hour after 07:00 on the clinic's clock, across a clock change", () => {
    expect(awake(at('2026-06-10T12:00'), NEW_YORK, 0.5)).to.equal(at('2026-06-10T12:00'))
    expect(awake(at('2026-06-10T06:59'), NEW_YORK, 0.5)).to.equal(at('2026-06-10T07:30'))
    // The night of 7–8 March 2026 is an hour shorter in New York.
    expect(awake(at('2026-03-07T23:30'), NEW_YORK, 0.25)).to.equal(at('2026-03-08T07:15'))
    expect(at('2026-03-08T07:15') - at('2026-03-07T23:30')).to.equal(6 * HOUR + 45 * MINUTE)
  })

  it("draws a patient's disposition to a slot once, from the seed, at the rates of parameters.ts", () => {
    expect(dispositionOf(1, 'r1', 'o1')).to.deep.equal(dispositionOf(1, 'r1', 'o1'))
    expect(dispositionOf(1, 'r1', 'o1')).not.to.deep.equal(dispositionOf(1, 'r1', 'o2'))
    const drawn = Array.from({ length: 20_000 }, (_, i) => dispositionOf(9, `r${i}`, 'o1'))
    const share = (test: (d: Disposition) => boolean) => drawn.filter(test).length / drawn.length
    expect(share((d) => d.answers)).to.be.closeTo(1 - PARAMETERS.response.neverAnswerShare, 0.01)
    expect(share((d) => d.picksUp)).to.be.closeTo(PARAMETERS.phone.pickUpShare, 0.01)
    expect(share((d) => d.delayMinutes < PARAMETERS.response.delayMedianMinutes)).to.be.closeTo(0.5, 0.01)
    // Leanings are uniform, so a patient takes an offer with the chance of its context.
    const chance = acceptanceChance(context({}))
    expect(share((d) => d.leaning < chance)).to.be.closeTo(chance, 0.01)
  })
})
