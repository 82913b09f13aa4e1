import { randomUUID } from 'node:crypto'
import { expect } from 'chai'
import { QueueEvents } from 'bullmq'
import IORedis from 'ioredis'
import * as E from 'fp-ts/Either'
import { QueryTypes } from 'sequelize'
import type { RequestId } from '../../shared/codecs/request-id'
import { CHANGE_JOB_NAME, changeJobId } from '../../shared/queue/change-waitlist-request-job'
import { QUEUE_NAME } from '../../shared/queue/waitlist-queue'
import { PRIORITY_FORBIDDEN } from '../../shared/waitlist-request/permissions'
import { CLINIC_STAFF } from '../../shared/waitlist-request/writer'
import { seedReferenceData } from '../../worker/seed/seed-reference-data'
import { call, startStack, type TestStack } from '../support/stack'
import { clinicDate, fixtures } from '../support/fixtures'
import { cancel, filed, historyOf, list, patch, pathOf } from '../support/lifecycle'
import { patientToken, staffToken } from '../support/tokens'

const jane = patientToken('pat-a1', 'user-jane')
const john = patientToken('pat-a2', 'user-john')
const staff = staffToken('org-a', 'STAFF', 'user-front-desk')
const bea = patientToken('pat-b1', 'user-bea')
const staffB = staffToken('org-b', 'ADMIN', 'user-b-admin')

const atClinicB = {
  clinic_id: 'clinic-b1',
  preferred_providers: [],
  appointment_category_id: 'cat-b',
  appointment_category: null,
  date_range_start: clinicDate('clinic-b1', 3),
  date_range_end: clinicDate('clinic-b1', 20),
}

describe('patients do not triage themselves, and see staff as a role (docs/permissions.md)', () => {
  let stack: TestStack
  let connection: IORedis
  let events: QueueEvents
  before(async () => {
    stack = await startStack()
    // Org B's clinic decides priority for its patients; org A keeps the default, accept.
    const orgB = fixtures.organizations.find((organization) => organization.id === 'org-b')
    const seeded = await seedReferenceData(stack.db, {
      organizations: [{ ...orgB, waitlist: { enabled: true, patient_priority: 'ignore' } }],
    })
    if (E.isLeft(seeded)) throw new Error(JSON.stringify(seeded.left))
    connection = new IORedis(stack.config.REDIS_URL, { maxRetriesPerRequest: null })
    events = new QueueEvents(QUEUE_NAME, { connection, prefix: stack.config.QUEUE_PREFIX })
    await events.waitUntilReady()
  })
  after(async () => {
    await events?.close()
    await connection?.quit()
    await stack?.stop()
  })

  describe('priority on a create: the organization setting patient_priority', () => {
    it('accept (the default): a patient may state it', async () => {
      expect((await filed(stack, jane, { priority: 1 }))['priority']).to.equal(1)
    })

    it('ignore: a patient gets the default priority, whatever they state', async () => {
      expect((await filed(stack, bea, { ...atClinicB, priority: 1 }))['priority']).to.equal(3)
    })

    it("ignore: staff's stated priority stands", async () => {
      expect((await filed(stack, staffB, { ...atClinicB, priority: 1 }, '?patient_id=pat-b1'))['priority']).to.equal(1)
    })
  })

  describe('priority of an existing request: staff only, in every organization', () => {
    const loweredByStaff = async () => {
      const created = await filed(stack, staff, { priority: 2 }, '?patient_id=pat-a1')
      const lowered = await patch(stack, staff, created['id'], { priority: 4 }, '"1"')
      expect(lowered.status, lowered.text).to.equal(200)
      return created['id'] as string
    }

    it("refuses a patient's change of it with 403 naming the rule, and writes nothing", async () => {
      const id = await loweredByStaff()
      for (const priority of [1, 5, null]) {
        const answer = await patch(stack, jane, id, { priority, notes: 'please hurry' }, '"2"')
        expect(answer.status, answer.text).to.equal(403)
        expect(answer.body).to.deep.equal({ code: 4030, message: PRIORITY_FORBIDDEN, data: null })
      }
      const stored = await call(stack, 'GET', pathOf(id), { token: staff })
      expect(stored.headers.get('etag')).to.equal('"2"')
      expect(stored.body.data).to.include({ priority: 4, notes: 'Patient prefers morning appointments' })
    })

    it('lets a patient send the stored priority back with a change of something else', async () => {
      const id = await loweredByStaff()
      const answer = await patch(stack, jane, id, { priority: 4, notes: 'mornings only' }, '"2"')
      expect(answer.status, answer.text).to.equal(200)
      expect(answer.body.data).to.include({ priority: 4, notes: 'mornings only' })
    })

    it("answers a patient naming priority on someone else's request with 404, as for any change", async () => {
      const id = await loweredByStaff()
      expect((await patch(stack, john, id, { priority: 1 }, '"2"')).status).to.equal(404)
    })

    it('refuses the same change added straight to the queue, with the same reason and words', async () => {
      const id = await loweredByStaff()
      const change_id = randomUUID() as RequestId
      const job = await stack.queue.add(
        CHANGE_JOB_NAME,
        {
          version: 1,
          change_id,
          request_id: id,
          actor: { sub: 'user-jane', role: 'USER', patient_id: 'pat-a1' },
          body: { priority: 1 },
        },
        { jobId: changeJobId(change_id) },
      )
      expect(await job.waitUntilFinished(events, 15_000)).to.deep.equal({
        outcome: 'rejected',
        reason: 'forbidden',
        errors: [{ field: 'priority', message: PRIORITY_FORBIDDEN }],
      })
    })
  })

  describe('who changed a request, as a patient sees it', () => {
    it('shows a patient staff as "clinic staff" in answers, lists and history; staff see the ids', async () => {
      const created = await filed(stack, staff, {}, '?patient_id=pat-a1')
      const id = created['id'] as string
      expect(created).to.include({ created_by: 'user-front-desk', updated_by: 'user-front-desk' })

      const byJane = await patch(stack, jane, id, { notes: 'mornings only' }, '"1"')
      expect(byJane.body.data).to.include({ created_by: CLINIC_STAFF, updated_by: 'user-jane' })

      const byStaff = await patch(stack, staff, id, { priority: 1 }, '"2"')
      expect(byStaff.body.data).to.include({ created_by: 'user-front-desk', updated_by: 'user-front-desk' })

      const listedFor = async (token: string) =>
        (await list(stack, token)).body.data.items.find((item: { id: string }) => item.id === id)
      expect(await listedFor(jane)).to.include({ created_by: CLINIC_STAFF, updated_by: CLINIC_STAFF })
      expect(await listedFor(staff)).to.include({ created_by: 'user-front-desk', updated_by: 'user-front-desk' })

      const readBy = async (token: string) => (await call(stack, 'GET', pathOf(id), { token })).body.data
      expect(await readBy(jane)).to.include({ created_by: CLINIC_STAFF, updated_by: CLINIC_STAFF })
      expect(await readBy(staff)).to.include({ created_by: 'user-front-desk', updated_by: 'user-front-desk' })

      const cancelled = await cancel(stack, jane, id)
      expect(cancelled.body.data).to.include({ created_by: CLINIC_STAFF, updated_by: 'user-jane' })

      const historyBy = async (token: string) =>
        (await historyOf(stack, token, id)).body.data.items.map((entry: { by: string }) => entry.by)
      expect(await historyBy(jane)).to.deep.equal([CLINIC_STAFF, 'user-jane', CLINIC_STAFF, 'user-jane'])
      expect(await historyBy(staff)).to.deep.equal(['user-front-desk', 'user-jane', 'user-front-desk', 'user-jane'])
    })

    it('records the role of every write beside its sub', async () => {
      const created = await filed(stack, staff, {}, '?patient_id=pat-a1')
      await patch(stack, jane, created['id'], { notes: 'evenings' }, '"1"')
      const [row] = await stack.sequelize.query(
        'SELECT created_by_role, updated_by_role FROM waitlist_requests WHERE id = :id',
        { replacements: { id: created['id'] }, type: QueryTypes.SELECT },
      )
      expect(row).to.deep.equal({ created_by_role: 'STAFF', updated_by_role: 'USER' })
      const roles = await stack.sequelize.query(
        'SELECT actor, actor_role FROM waitlist_request_history WHERE request_id = :id ORDER BY version',
        { replacements: { id: created['id'] }, type: QueryTypes.SELECT },
      )
      expect(roles).to.deep.equal([
        { actor: 'user-front-desk', actor_role: 'STAFF' },
        { actor: 'user-jane', actor_role: 'USER' },
      ])
    })
  })
})
