import { setTimeout as sleep } from 'node:timers/promises'
import { expect } from 'chai'
import * as E from 'fp-ts/Either'
import * as O from 'fp-ts/Option'
import { Redis } from 'ioredis'
import { Queue } from 'bullmq'
import { EVENTS_QUEUE_NAME, QUEUE_NAME } from '../../shared/queue/waitlist-queue'
import pino from 'pino'
import type { Model, ModelStatic } from 'sequelize'
import { openDatabase, type Database } from '../../worker/db/connection'
import { createWorker } from '../../worker/create-worker'
import { offerPorts } from '../../worker/offers/offer-services'
import { REFERENCE_CHECK_INTERVAL_MS, createReferenceDataCache } from '../../worker/reference-data/reference-data-cache'
import { lookupReferencesForMany, type ReferenceQuery } from '../../worker/reference-data/reference-data-repository'
import { seedReferenceData } from '../../worker/seed/seed-reference-data'
import { WAITLIST_NOT_CONFIGURED } from '../../shared/waitlist-request/messages'
import { createRequest, startStack, type TestStack } from '../support/stack'
import { fixtures, validBody } from '../support/fixtures'
import { patientToken } from '../support/tokens'
import { recordOffers } from '../support/offer-recorder'

const referenceModels = ({ models }: Database): ReadonlyArray<ModelStatic<Model>> => [
  models.Organization,
  models.Clinic,
  models.Patient,
  models.Provider,
  models.ProviderClinic,
  models.AppointmentCategory,
  models.CategoryClinic,
]

describe('reference-data cache in the worker', () => {
  let stack: TestStack
  // The worker is built here on a database handle of the test's, so the test can watch its models.
  let workerDb: Database
  let workerConnection: Redis
  let producerConnection: Redis
  let producer: Queue
  let events: Queue
  let worker: ReturnType<typeof createWorker> | undefined
  before(async () => {
    stack = await startStack({}, { worker: false })
    workerDb = openDatabase(stack.config.DATABASE_URL, { poolMax: 4 })
    workerConnection = new Redis(stack.config.REDIS_URL, { maxRetriesPerRequest: null })
    producerConnection = workerConnection.duplicate()
    producer = new Queue(QUEUE_NAME, { connection: producerConnection, prefix: stack.config.QUEUE_PREFIX })
    events = new Queue(EVENTS_QUEUE_NAME, { connection: producerConnection, prefix: stack.config.QUEUE_PREFIX })
    const logger = pino({ level: 'silent' })
    const running = createWorker({
      connection: workerConnection,
      prefix: stack.config.QUEUE_PREFIX,
      producer,
      events,
      offers: offerPorts({ db: workerDb, events, logger, config: stack.config, overrides: recordOffers().ports }),
      db: workerDb,
      logger,
      concurrency: 4,
      lockDurationMs: 30_000,
      stalledIntervalMs: 30_000,
    })
    worker = running
    void running.run()
    await running.waitUntilReady()
  })
  after(async () => {
    await worker?.close()
    await producer?.close()
    await events?.close()
    await producerConnection?.quit()
    await workerConnection?.quit()
    await workerDb?.sequelize.close()
    await stack?.stop()
  })

  /** Counts every find on a reference table of the worker's handle while `run` runs. */
  const countReferenceQueries = async (run: () => Promise<void>): Promise<number> => {
    let count = 0
    const hook = () => {
      count += 1
    }
    for (const model of referenceModels(workerDb)) model.addHook('beforeFind', 'count-reference-queries', hook)
    try {
      await run()
    } finally {
      for (const model of referenceModels(workerDb)) model.removeHook('beforeFind', 'count-reference-queries')
    }
    return count
  }

  it('answers a second create with the same references without a reference query', async () => {
    const first = await countReferenceQueries(async () => {
      const answer = await createRequest(stack, patientToken('pat-a2'), validBody())
      expect(answer.status, answer.text).to.equal(201)
    })
    // The stack's first create: its worker holds nothing yet, so this also shows the count sees the worker's queries.
    expect(first, 'reference queries for the first create').to.be.above(0)
    const second = await countReferenceQueries(async () => {
      const answer = await createRequest(stack, patientToken('pat-a2'), validBody({ priority: 2 }))
      expect(answer.status, answer.text).to.equal(201)
      expect(answer.body.data.preferred_providers).to.have.length(2)
    })
    expect(second, 'reference queries for the second create').to.equal(0)
  })

  it('holds only what was found: an unknown id is looked up every time, and matches the direct lookup', async () => {
    const calls: ReferenceQuery[][] = []
    const cache = createReferenceDataCache({
      db: stack.db,
      lookupMany: (queries) => {
        calls.push([...queries])
        return lookupReferencesForMany(stack.db.models, queries)
      },
    })
    const known: ReferenceQuery = {
      clinic_id: 'clinic-a1',
      patient_id: 'pat-a1',
      appointment_category_id: 'cat-eval',
      preferred_providers: ['prov-a1', 'prov-a2'],
    }
    const direct = await lookupReferencesForMany(stack.db.models, [known])
    expect(await cache.lookup(known)).to.deep.equal(direct[0])
    expect(await cache.lookup(known)).to.deep.equal(direct[0])
    expect(calls).to.have.length(1)

    const unknown = { ...known, patient_id: 'pat-nobody' }
    expect(O.isNone((await cache.lookup(unknown)).patient)).to.equal(true)
    expect(O.isNone((await cache.lookup(unknown)).patient)).to.equal(true)
    expect(calls).to.have.length(3)
  })

  it('looks up misses that arrive while a lookup runs together, each answered as a lookup of its own', async () => {
    const calls: ReferenceQuery[][] = []
    const cache = createReferenceDataCache({
      db: stack.db,
      lookupMany: (queries) => {
        calls.push([...queries])
        return lookupReferencesForMany(stack.db.models, queries)
      },
    })
    const queries: ReferenceQuery[] = ['pat-a1', 'pat-a2', 'pat-nobody', 'pat-b1'].map((patient_id) => ({
      clinic_id: 'clinic-a1',
      patient_id,
      appointment_category_id: 'cat-eval',
      preferred_providers: ['prov-a1'],
    }))
    const answers = await Promise.all(queries.map((query) => cache.lookup(query)))
    expect(answers).to.deep.equal(await lookupReferencesForMany(stack.db.models, queries))
    expect(calls.flat(), 'every miss looked up once').to.have.length(queries.length)
    expect(calls.length, 'lookups for four misses at once').to.be.below(queries.length)
  })

  it('judges a create by the data a seed loaded, within the check interval of its commit', async () => {
    const body = validBody()
    const before = await createRequest(stack, patientToken('pat-a1'), body)
    expect(before.status, before.text).to.equal(201)

    const disabled = {
      ...fixtures,
      organizations: fixtures.organizations.map((organization) =>
        organization.id === 'org-a'
          ? { ...organization, waitlist: { enabled: false, max_span_days: 60 } }
          : organization,
      ),
    }
    expect(E.isRight(await seedReferenceData(stack.db, disabled))).to.equal(true)
    // A fixed wait on purpose: the promise is a bound (seen one check interval after the commit), and waiting
    // for the change to show would pass however late it came.
    await sleep(REFERENCE_CHECK_INTERVAL_MS + 50)

    const after = await createRequest(stack, patientToken('pat-a1'), body)
    expect(after.status, after.text).to.equal(400)
    expect(after.body.errors).to.deep.equal([{ field: 'clinic_id', message: WAITLIST_NOT_CONFIGURED }])

    // And back: re-enabled data is seen the same way.
    expect(E.isRight(await seedReferenceData(stack.db, fixtures))).to.equal(true)
    await sleep(REFERENCE_CHECK_INTERVAL_MS + 50)
    const again = await createRequest(stack, patientToken('pat-a1'), body)
    expect(again.status, again.text).to.equal(201)
  })
})
