import { randomUUID } from 'node:crypto'
import { expect } from 'chai'
import { call, startStack, type TestStack } from '../support/stack'
import { patientToken, staffToken } from '../support/tokens'
import { booking, cancel, filed, fulfill, patch } from '../support/lifecycle'

describe('cancel and fulfil: ACTIVE → CANCELLED | FULFILLED, and nothing out of a final state', () => {
  let stack: TestStack
  const jane = patientToken('pat-a1', 'user-jane')
  const staff = staffToken('org-a', 'STAFF', 'user-front-desk')
  before(async () => {
    stack = await startStack()
  })
  after(async () => {
    await stack?.stop()
  })

  it('lets a patient cancel their own request with a reason, answering the full payload', async () => {
    const created = await filed(stack, jane)
    const answer = await cancel(stack, jane, created['id'], { reason: 'Found a slot elsewhere' })
    expect(answer.status, answer.text).to.equal(200)
    expect(answer.headers.get('etag')).to.equal('"2"')
    expect(answer.body.data).to.deep.include({
      id: created['id'],
      status: 'CANCELLED',
      cancellation_reason: 'Found a slot elsewhere',
      updated_by: 'user-jane',
      priority: created['priority'],
    })
  })

  it('cancels with no body at all, and with an empty object; the payload then has no reason', async () => {
    for (const body of [undefined, {}]) {
      const created = await filed(stack, jane)
      const answer = await cancel(stack, staff, created['id'], body)
      expect(answer.status, answer.text).to.equal(200)
      expect(answer.body.data.status).to.equal('CANCELLED')
      expect(answer.body.data).not.to.have.property('cancellation_reason')
    }
  })

  it('refuses a blank or overlong reason with 400 naming reason', async () => {
    const created = await filed(stack, jane)
    for (const reason of ['   ', 'x'.repeat(501), 42]) {
      const answer = await cancel(stack, jane, created['id'], { reason })
      expect(answer.status).to.equal(400)
      expect(answer.body.errors).to.deep.equal([
        {
          field: 'reason',
          message:
            'reason must be a non-blank string of at most 500 characters, without NUL characters or unpaired surrogates',
        },
      ])
    }
  })

  it('lets staff fulfil with the booked appointment, recorded on the request in UTC', async () => {
    const created = await filed(stack, jane)
    const answer = await fulfill(stack, staff, created['id'])
    expect(answer.status, answer.text).to.equal(200)
    expect(answer.body.data).to.deep.include({
      status: 'FULFILLED',
      booked_appointment: { id: 'appt-1001', start: '2026-12-01T14:30:00.000Z' },
      updated_by: 'user-front-desk',
    })
    const read = await call(stack, 'GET', `/apis/v1/waitlist-requests/${created['id']}`, { token: staff })
    expect(read.body.data).to.deep.equal(answer.body.data)
    // The patient reads the same booking, with the staff writer shown as a role (docs/permissions.md).
    const readByPatient = await call(stack, 'GET', `/apis/v1/waitlist-requests/${created['id']}`, { token: jane })
    expect(readByPatient.body.data).to.deep.equal({ ...answer.body.data, updated_by: 'clinic staff' })
  })

  it('refuses a fulfil without the appointment, or with a start that has no offset, listing both', async () => {
    const created = await filed(stack, jane)
    const answer = await fulfill(stack, staff, created['id'], { appointment_start: '2026-12-01T09:30:00' })
    expect(answer.status).to.equal(400)
    expect(answer.body.errors).to.deep.equal([
      { field: 'appointment_id', message: 'appointment_id is required' },
      {
        field: 'appointment_start',
        message: 'appointment_start must be an RFC 3339 date and time with an offset, like 2026-12-01T09:30:00-05:00',
      },
    ])
  })

  it('answers a patient who tries to fulfil with 403, even for their own request, and changes nothing', async () => {
    const created = await filed(stack, jane)
    const answer = await fulfill(stack, jane, created['id'])
    expect(answer.status).to.equal(403)
    expect(answer.body).to.deep.equal({ code: 4030, message: 'only staff may fulfil a waitlist request', data: null })
    const read = await call(stack, 'GET', `/apis/v1/waitlist-requests/${created['id']}`, { token: jane })
    expect(read.body.data.status).to.equal('ACTIVE')
  })

  describe('final states', () => {
    const ended: Record<string, string> = {}
    before(async () => {
      const toCancel = await filed(stack, jane)
      await cancel(stack, jane, toCancel['id'])
      ended['CANCELLED'] = toCancel['id']
      const toFulfill = await filed(stack, jane)
      await fulfill(stack, staff, toFulfill['id'])
      ended['FULFILLED'] = toFulfill['id']
      const toExpire = await filed(stack, jane)
      await stack.sequelize.query(
        "UPDATE waitlist_requests SET status = 'EXPIRED', version = version + 1 WHERE id = :id",
        { replacements: { id: toExpire['id'] } },
      )
      ended['EXPIRED'] = toExpire['id']
    })

    for (const status of ['CANCELLED', 'FULFILLED', 'EXPIRED']) {
      it(`answers every change to a ${status} request with 409 saying it is ${status}`, async () => {
        const id = ended[status] ?? ''
        const attempts = [
          ['changed', await patch(stack, staff, id, { priority: 1 }, '*')],
          ['cancelled', await cancel(stack, staff, id)],
          ['fulfilled', await fulfill(stack, staff, id)],
        ] as const
        for (const [verb, answer] of attempts) {
          expect(answer.status, answer.text).to.equal(409)
          expect(answer.body).to.deep.equal({
            code: 4090,
            message: `waitlist request is ${status}: only an ACTIVE request can be ${verb}`,
            data: null,
            errors: [
              { field: 'status', message: `waitlist request is ${status}: only an ACTIVE request can be ${verb}` },
            ],
          })
        }
      })
    }
  })

  it('lets exactly one of two concurrent ends win; the other hears 409 with the status it lost to', async () => {
    const created = await filed(stack, jane)
    const [cancelled, fulfilled] = await Promise.all([
      cancel(stack, jane, created['id']),
      fulfill(stack, staff, created['id']),
    ])
    const winners = [cancelled, fulfilled].filter((answer) => answer.status === 200)
    const losers = [cancelled, fulfilled].filter((answer) => answer.status === 409)
    expect(winners).to.have.length(1)
    expect(losers).to.have.length(1)
    expect(losers[0]?.body.message).to.match(/^waitlist request is (CANCELLED|FULFILLED):/)
  })

  it('checks an If-Match given to cancel or fulfil, refusing a stale one with 409', async () => {
    const created = await filed(stack, jane)
    await patch(stack, staff, created['id'], { priority: 1 }, '"1"')
    const stale = await cancel(stack, jane, created['id'], undefined, { 'If-Match': '"1"' })
    expect(stale.status).to.equal(409)
    expect(stale.body.errors[0].field).to.equal('version')
    const current = await fulfill(stack, staff, created['id'], { ...booking, version: 2 })
    expect(current.status, current.text).to.equal(200)
  })

  it('answers 404 for an unknown id, and for a request of another patient or organization', async () => {
    const created = await filed(stack, jane)
    const notFound = { code: 4040, message: 'waitlist request not found', data: null }
    for (const [token, id] of [
      [jane, randomUUID()],
      [patientToken('pat-a2'), created['id']],
      [staffToken('org-b'), created['id']],
    ] as const) {
      const answer = await cancel(stack, token, id)
      expect(answer.status).to.equal(404)
      expect(answer.body).to.deep.equal(notFound)
    }
    const answer = await fulfill(stack, staffToken('org-b'), created['id'])
    expect(answer.status).to.equal(404)
    expect(answer.body).to.deep.equal(notFound)
  })
})
