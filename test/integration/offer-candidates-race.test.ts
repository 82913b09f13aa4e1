import { setTimeout as sleep } from 'node:timers/promises'
import { expect } from 'chai'
import { DateTime } from 'luxon'
import { QueryTypes } from 'sequelize'
import { eventually } from '../support/eventually'
import { recordOffers } from '../support/offer-recorder'
import { ORG, fileRequest, offersWhen, openSlot, openingOf, seedOfferOrganization, zoneAt } from '../support/offers'
import { startStack, type TestStack } from '../support/stack'

/**
 * A request written while a round is ending with nobody left: the round's transaction read the candidates before
 * the request committed, and the request's look for idle openings (worker/offers/nudge-openings.ts) ran before the
 * round committed, so it saw the opening busy. The round's end looks again once it has committed.
 */
describe('a request written while a round ends with nobody left is still offered', function () {
  this.timeout(30_000)
  const recorder = recordOffers()
  const zone = zoneAt(12)
  let stack: TestStack

  before(async () => {
    stack = await startStack({}, { offers: recorder.ports })
    await seedOfferOrganization(stack, { clinic: zone, elsewhere: zone })
  })
  after(async () => {
    await stack?.stop()
  })

  it('offers it the next round once the round that found nobody has committed', async () => {
    recorder.setPolicy(ORG, { quiet_hours: null, batch_size: 1, hold_seconds: 3 })
    const slot = DateTime.fromISO(`${DateTime.now().setZone(zone).plus({ days: 1 }).toISODate()}T10:00`, { zone })
    const first = await fileRequest(stack, 1, slot)
    const openingId = await openSlot(stack, slot)
    await offersWhen(stack, openingId, (rows) => rows.length === 1)

    // The round's end writes its events last: held here, it has read its candidates (nobody new) and waits.
    const hold = await stack.sequelize.transaction()
    let later: string
    try {
      await stack.sequelize.query('LOCK TABLE outbox_events IN SHARE MODE', { transaction: hold })
      await eventually(async () => {
        const [row] = await stack.sequelize.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO outbox_events%'`,
          { type: QueryTypes.SELECT },
        )
        return (row?.n ?? 0) > 0
      }, 15_000)
      later = await fileRequest(stack, 2, slot)
      // Its look for idle openings runs after its write: it finds this one still live.
      await sleep(1_000)
      expect(await openingOf(stack, openingId)).to.include({ round_phase: 'live', round: 1 })
    } finally {
      await hold.rollback()
    }
    const offers = await offersWhen(stack, openingId, (rows) => rows.length === 2)
    expect(offers.map((offer) => [offer.request_id, offer.round])).to.deep.equal([
      [first, 1],
      [later, 2],
    ])
  })
})
