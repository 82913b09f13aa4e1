import { randomUUID } from 'node:crypto'
import { expect } from 'chai'
import { DateTime } from 'luxon'
import { QueryTypes } from 'sequelize'
import { SLOT_NO_LONGER_AVAILABLE } from '../../shared/offers/offer-answer'
import { startStack, type TestStack } from '../support/stack'
import { eventually } from '../support/eventually'
import { spawnService, type ServiceProcess } from '../support/processes'
import {
  answerJobs,
  fileRequest,
  lockOpeningRow,
  offersOf,
  offersWhen,
  openSlot,
  openingOf,
  outboxOf,
  seedOfferOrganization,
  staff,
  zoneAt,
} from '../support/offers'

/** As in the restarts test: a dead worker's job is noticed within seconds, a live one's lock never lapses. */
const QUICK_STALL = { WORKER_LOCK_DURATION_MS: '5000', WORKER_STALLED_INTERVAL_MS: '1000' }

/** The ids of the events a worker process logged for an organization without a webhook (docs/webhooks.md). */
const loggedEventIds = (output: string): string[] =>
  output
    .split('\n')
    .filter((line) => line.includes('"msg":"event logged: its organization has no webhook"'))
    .map((line) => (JSON.parse(line) as { event_id: string }).event_id)

/**
 * Real worker processes, with the default policy (as `npm run start:worker`
 * runs them): rounds whose timers outlive a killed worker, and acceptances
 * racing across processes.
 */
describe('offers with real worker processes: a killed timer, acceptances raced across processes', function () {
  this.timeout(120_000)
  // The default quiet hours (20:00 to 08:00) must not hold the rounds back, whatever the time of the run.
  const zone = zoneAt(12)
  let stack: TestStack
  let nextPatient = 1
  const running: ServiceProcess[] = []
  const startWorker = async () => {
    const worker = spawnService('start-worker', QUICK_STALL)
    running.push(worker)
    await worker.logged('worker running')
    return worker
  }

  before(async () => {
    stack = await startStack({}, { worker: false })
    await seedOfferOrganization(stack, { clinic: zone, elsewhere: zone })
  })
  afterEach(async () => {
    for (const worker of running.splice(0)) {
      if (worker.child.exitCode === null && worker.child.signalCode === null) {
        worker.child.kill('SIGTERM')
        await worker.exited
      }
    }
  })
  after(async () => {
    await stack?.stop()
  })

  it('ends a round once when the worker running its timer is SIGKILLed: another worker ends it, each event once', async () => {
    const first = await startWorker()
    // The default notice limit is 120 minutes: this slot reaches it in about 15 seconds, which ends round 1.
    const slot = DateTime.now().setZone(zone).plus({ minutes: 120, seconds: 15 })
    for (let i = 0; i < 3; i += 1) await fileRequest(stack, nextPatient++, slot)
    const openingId = await openSlot(stack, slot)
    const offers = await offersWhen(stack, openingId, (rows) => rows.length === 3)
    expect(offers.map((offer) => offer.expires_at.getTime())).to.deep.equal(
      Array(3).fill(slot.minus({ minutes: 120 }).toMillis()),
    )

    // The timer's job locks the opening first: held here, the job waits mid-flight when it comes due.
    const lock = await lockOpeningRow(stack, openingId)
    const timer = await stack.queue.getJob(`offer-round-${openingId}-1`)
    expect(timer, 'the round timer is a delayed job').to.not.equal(undefined)
    try {
      await eventually(async () => (await timer!.getState()) === 'active', 60_000)
      first.child.kill('SIGKILL')
      expect(await first.exited).to.equal(null)
    } finally {
      await lock.release()
    }
    expect((await openingOf(stack, openingId)).status).to.equal('OPEN')

    const second = await startWorker()
    await eventually(async () => (await timer!.getState()) === 'completed', 30_000)
    const notice = await stack.queue.getJob(`offer-notice-${openingId}`)
    await eventually(async () => (await notice!.getState()) === 'completed', 30_000)
    expect(await openingOf(stack, openingId)).to.include({ status: 'EXPIRED' })
    expect((await offersOf(stack, openingId)).map((offer) => offer.status)).to.deep.equal(Array(3).fill('EXPIRED'))
    // Each event once in the outbox, written by the worker that made its change, and delivered (here: logged) once.
    const events = await eventually(async () => {
      const stored = await outboxOf(stack, openingId)
      return stored.every((event) => event.delivered_at !== null) && stored
    }, 15_000)
    expect(events.map((event) => event.type)).to.deep.equal([
      ...Array(3).fill('offer.created'),
      ...Array(3).fill('offer.expired'),
      'opening.expired',
    ])
    const logged = [...loggedEventIds(first.output()), ...loggedEventIds(second.output())]
    for (const event of events) expect(logged.filter((id) => id === event.id)).to.have.length(1)
  })

  it('lets one of 20 acceptances raced across three worker processes win, and books the opening once', async () => {
    const workers = await Promise.all([startWorker(), startWorker(), startWorker()])
    const slot = DateTime.fromISO(`${DateTime.now().setZone(zone).plus({ days: 2 }).toISODate()}T10:00`, { zone })
    for (let i = 0; i < 3; i += 1) await fileRequest(stack, nextPatient++, slot)
    const openingId = await openSlot(stack, slot)
    const offers = await offersWhen(stack, openingId, (rows) => rows.length === 3)
    const answers = await answerJobs(stack)
    try {
      // Staff taking calls: twenty answers at once for the round's three offers, each its own answer.
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => answers.accept(offers[i % 3]!.id, staff(`desk-${i}`), randomUUID())),
      )
      const accepted = results.filter((result) => result.outcome === 'accepted')
      expect(accepted).to.have.length(1)
      for (const result of results.filter((r) => r.outcome !== 'accepted')) {
        expect(result).to.deep.include({ outcome: 'rejected', reason: 'conflict' })
        expect(result.errors[0].message).to.match(new RegExp(`^(${SLOT_NO_LONGER_AVAILABLE}|offer is ACCEPTED)`))
      }
    } finally {
      await answers.close()
    }
    const [booked] = await stack.sequelize.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM offers WHERE opening_id = $1 AND status = 'ACCEPTED'",
      { bind: [openingId], type: QueryTypes.SELECT },
    )
    expect(booked!.n).to.equal(1)
    expect(await openingOf(stack, openingId)).to.include({ status: 'FILLED' })
    const filled = (await outboxOf(stack, openingId)).filter((event) => event.type === 'opening.filled')
    expect(filled).to.have.length(1)
    await eventually(async () => {
      const logged = workers.flatMap((worker) => loggedEventIds(worker.output()))
      return logged.filter((id) => id === filled[0]!.id).length === 1
    })
  })
})
