import { randomUUID } from 'node:crypto'
import { expect } from 'chai'
import { QueryTypes } from 'sequelize'
import { startStack, type TestStack } from '../support/stack'
import { clinicDate, validBody } from '../support/fixtures'
import { patientToken, staffToken } from '../support/tokens'
import { createRequest } from '../support/stack'
import { etagOf, filed, patch } from '../support/lifecycle'

describe('PATCH /apis/v1/waitlist-requests/{id} (through the queue and worker, like a create)', () => {
  let stack: TestStack
  const jane = patientToken('pat-a1', 'user-jane')
  const staff = staffToken('org-a', 'STAFF', 'user-front-desk')
  before(async () => {
    stack = await startStack()
  })
  after(async () => {
    await stack?.stop()
  })

  it('changes the named fields, sets updated_at/updated_by, answers the full payload with the next ETag', async () => {
    const created = await filed(stack, jane)
    const answer = await patch(
      stack,
      staff,
      created['id'],
      { priority: 1, notes: 'Can come at short notice', preferred_days: ['TUESDAY', 'TUESDAY'] },
      '"1"',
    )
    expect(answer.status, answer.text).to.equal(200)
    expect(answer.body.code).to.equal(2000)
    expect(answer.headers.get('etag')).to.equal('"2"')
    const data = answer.body.data
    expect(data).to.deep.include({
      id: created['id'],
      priority: 1,
      notes: 'Can come at short notice',
      preferred_days: ['TUESDAY'],
      updated_by: 'user-front-desk',
      created_by: 'user-jane',
      created_at: created['created_at'],
      status: 'ACTIVE',
      preferred_time_slots: created['preferred_time_slots'],
      preferred_provider_details: created['preferred_provider_details'],
      patient: created['patient'],
    })
    expect(Date.parse(data.updated_at)).to.be.greaterThan(Date.parse(created['updated_at']))
    expect(await etagOf(stack, jane, created['id'])).to.equal('"2"')
  })

  it('re-resolves type, label and duration from a new category, unless the change names them', async () => {
    const created = await filed(stack, jane, { appointment_type: undefined, appointment_category: undefined })
    const moved = await patch(stack, jane, created['id'], { appointment_category_id: 'cat-follow' }, '"1"')
    expect(moved.status, moved.text).to.equal(200)
    expect(moved.body.data).to.deep.include({
      appointment_category_id: 'cat-follow',
      appointment_category: 'PT Follow-up',
      appointment_type: 'FOLLOW_UP',
      appointment_duration: 30,
    })
    const named = await patch(
      stack,
      jane,
      created['id'],
      { appointment_category_id: 'cat-eval', appointment_type: 'follow up', appointment_category: 'Re-eval' },
      '"2"',
    )
    expect(named.body.data).to.deep.include({
      appointment_category_id: 'cat-eval',
      appointment_category: 'Re-eval',
      appointment_type: 'FOLLOW_UP',
      appointment_duration: 60,
    })
  })

  it('clears notes with null, as a create treats null', async () => {
    const created = await filed(stack, jane)
    const answer = await patch(stack, jane, created['id'], { notes: null }, '"1"')
    expect(answer.body.data.notes).to.equal(null)
  })

  it('refuses with exactly the messages a create gives for the same values, every one at once', async () => {
    const created = await filed(stack, jane)
    const bad = {
      preferred_time_slots: ['NIGHT'],
      date_range_start: '2026-02-30',
      payment_type: 'CASH',
      priority: 2.5,
      notes: 'x'.repeat(2001),
    }
    const answer = await patch(stack, jane, created['id'], bad, '"1"')
    const viaCreate = await createRequest(stack, jane, validBody(bad))
    expect(answer.status).to.equal(400)
    expect(answer.body).to.deep.equal(viaCreate.body)
    expect(answer.body.errors.map((error: { field: string }) => error.field)).to.deep.equal([
      'preferred_time_slots',
      'date_range_start',
      'payment_type',
      'priority',
      'notes',
    ])
  })

  it('judges the request as it would be after the change: a new end before the stored start is the documented 400', async () => {
    const created = await filed(stack, jane)
    const answer = await patch(stack, jane, created['id'], { date_range_end: clinicDate('clinic-a1', 3) }, '"1"')
    expect(answer.status).to.equal(400)
    expect(answer.body.message).to.equal('date_range_end must be on or after date_range_start')
  })

  it('applies the data rules of a create: the span, a start in the past, providers and categories of the clinic', async () => {
    const created = await filed(stack, jane)
    const span = await patch(stack, jane, created['id'], { date_range_end: clinicDate('clinic-a1', 70) }, '"1"')
    expect(span.body.errors).to.deep.equal([
      { field: 'date_range_end', message: 'date_range_end must be at most 60 days after date_range_start' },
    ])
    const past = await patch(stack, jane, created['id'], { date_range_start: clinicDate('clinic-a1', -1) }, '"1"')
    expect(past.body.errors[0].message).to.equal(
      `date_range_start must be today (${clinicDate('clinic-a1', 0)} in the clinic's time zone) or later`,
    )
    const refs = await patch(
      stack,
      jane,
      created['id'],
      { preferred_providers: ['prov-b1', 'prov-a1'], appointment_category_id: 'cat-b' },
      '"1"',
    )
    expect(refs.body.errors).to.deep.equal([
      {
        field: 'preferred_providers',
        message: 'preferred_providers contains providers who do not practise at this clinic: prov-b1',
      },
      {
        field: 'appointment_category_id',
        message: 'appointment_category_id does not name a category offered at this clinic',
      },
    ])
    expect(await etagOf(stack, jane, created['id'])).to.equal('"1"')
  })

  it('keeps a stored start date that has since passed, so an old request can still be edited', async () => {
    const created = await filed(stack, jane)
    const yesterday = clinicDate('clinic-a1', -1)
    await stack.sequelize.query('UPDATE waitlist_requests SET date_range_start = :yesterday WHERE id = :id', {
      replacements: { yesterday, id: created['id'] },
    })
    const answer = await patch(stack, jane, created['id'], { notes: 'still waiting' }, '"1"')
    expect(answer.status, answer.text).to.equal(200)
    expect(answer.body.data.date_range_start).to.equal(yesterday)
  })

  it('refuses to move a request to another clinic, but accepts its own clinic_id sent back', async () => {
    const created = await filed(stack, jane)
    const moved = await patch(stack, jane, created['id'], { clinic_id: 'clinic-a2' }, '"1"')
    expect(moved.status).to.equal(400)
    expect(moved.body.errors).to.deep.equal([
      {
        field: 'clinic_id',
        message: 'clinic_id cannot be changed: cancel this request and file a new one at the other clinic',
      },
    ])
    const same = await patch(
      stack,
      jane,
      created['id'],
      { clinic_id: 'clinic-a1', notes: 'Same clinic, please' },
      '"1"',
    )
    expect(same.status, same.text).to.equal(200)
  })

  it('answers 400 for a body that names nothing to change, or is not an object', async () => {
    const created = await filed(stack, jane)
    for (const body of [{}, { status: 'CANCELLED', unknown: 1 }, [1]]) {
      const answer = await patch(stack, jane, created['id'], body, '"1"')
      expect(answer.status, JSON.stringify(body)).to.equal(400)
      expect(answer.body.errors[0].field).to.equal('body')
    }
  })

  it('requires the version read (428 without If-Match or version), and accepts it as a body field instead', async () => {
    const created = await filed(stack, jane)
    const none = await patch(stack, jane, created['id'], { notes: 'After 5 pm' })
    expect(none.status).to.equal(428)
    expect(none.body).to.deep.include({ code: 4280, data: null })
    const viaBody = await patch(stack, jane, created['id'], { notes: 'After 5 pm', version: 1 })
    expect(viaBody.status, viaBody.text).to.equal(200)
    const badHeader = await patch(stack, jane, created['id'], { notes: 'After 5 pm' }, 'banana')
    expect(badHeader.status).to.equal(400)
    expect(badHeader.body.errors[0].field).to.equal('If-Match')
  })

  it('refuses a stale version with 409, so two staff editing at once never lose a change silently', async () => {
    const created = await filed(stack, jane)
    const first = staffToken('org-a', 'STAFF', 'user-a')
    const second = staffToken('org-a', 'CLINICIAN', 'user-b')
    const [a, b] = await Promise.all([
      patch(stack, first, created['id'], { priority: 1 }, '"1"'),
      patch(stack, second, created['id'], { notes: 'b was here' }, '"1"'),
    ])
    const statuses = [a.status, b.status].sort()
    expect(statuses).to.deep.equal([200, 409])
    const loser = a.status === 409 ? a : b
    expect(loser.body).to.deep.include({ code: 4090, data: null })
    expect(loser.body.message).to.equal(
      'waitlist request has changed since version 1 (it is now at version 2): read it again and retry',
    )
  })

  it('writes nothing and keeps the version when the change asks for what is stored', async () => {
    const created = await filed(stack, jane)
    const answer = await patch(stack, jane, created['id'], { priority: created['priority'] }, '"1"')
    expect(answer.status).to.equal(200)
    expect(answer.headers.get('etag')).to.equal('"1"')
    expect(answer.body.data.updated_at).to.equal(created['updated_at'])
  })

  it('answers 404 for an unknown id, a malformed one, and a request of another patient or organization', async () => {
    const created = await filed(stack, jane)
    for (const [token, id] of [
      [jane, randomUUID()],
      [jane, 'not-a-uuid'],
      [patientToken('pat-a2'), created['id']],
      [staffToken('org-b'), created['id']],
    ] as const) {
      const answer = await patch(stack, token, id, { priority: 1 }, '"1"')
      expect(answer.status, `${id}`).to.equal(404)
      expect(answer.body).to.deep.equal({ code: 4040, message: 'waitlist request not found', data: null })
    }
    const rows = await stack.sequelize.query('SELECT version FROM waitlist_requests WHERE id = :id', {
      replacements: { id: created['id'] },
      type: QueryTypes.SELECT,
    })
    expect(rows).to.deep.equal([{ version: 1 }])
  })
})
