import { expect } from 'chai'
import { QueryTypes } from 'sequelize'
import { call, createRequest, startStack, type ApiAnswer, type TestStack } from '../support/stack'
import { validBody } from '../support/fixtures'
import { patientToken, staffToken } from '../support/tokens'
import { booking, cancel, etagOf, filed, fulfill, patch, pathOf } from '../support/lifecycle'

/**
 * Text PostgreSQL cannot hold and instants outside the years it holds, sent as
 * a client would: each is a 400 naming its field before anything is queued,
 * never an accepted write that the database later refuses.
 */

const MARK = '"__value__"'

/** The JSON text of `body` with `field` set to `escaped`, written as raw JSON (`"a\ud800b"` stays six characters). */
const withRawValue = (body: Record<string, unknown>, field: string, escaped: string): string =>
  JSON.stringify({ ...body, [field]: '__value__' }).replace(MARK, escaped)

const LONE_SURROGATE = '"a\\ud800b"'
const LONE_LOW_SURROGATE = '"\\udc00 Physical Therapy"'
const NUL = '"before\\u0000after"'

const expectRefused = (answer: ApiAnswer, field: string): void => {
  expect(answer.status, answer.text).to.equal(400)
  expect(answer.body.code, answer.text).to.equal(4000)
  expect(
    answer.body.errors.map((error: { field: string }) => error.field),
    answer.text,
  ).to.deep.equal([field])
  expect(answer.body.message).to.match(new RegExp(`^${field} `))
}

describe('what PostgreSQL cannot store is a 400 naming the field, through HTTP', () => {
  let stack: TestStack
  const jane = patientToken('pat-a1', 'user-jane')
  const staff = staffToken('org-a', 'STAFF', 'user-front-desk')
  before(async () => {
    stack = await startStack()
  })
  after(async () => {
    await stack?.stop()
  })

  const storedCount = async (): Promise<number> => {
    const rows = await stack.sequelize.query<{ n: number }>('SELECT count(*)::int AS n FROM waitlist_requests', {
      type: QueryTypes.SELECT,
    })
    return rows[0]?.n ?? Number.NaN
  }

  /** The request as stored: still ACTIVE at version 1 after a refused write. */
  const expectUntouched = async (id: string): Promise<void> => {
    const answer = await call(stack, 'GET', pathOf(id), { token: staff })
    expect(answer.status, answer.text).to.equal(200)
    expect(answer.headers.get('etag')).to.equal('"1"')
    expect(answer.body.data.status).to.equal('ACTIVE')
  }

  describe('POST /apis/v1/waitlist-requests', () => {
    for (const [field, escaped] of [
      ['notes', LONE_SURROGATE],
      ['notes', '"\\udfff"'],
      ['notes', NUL],
      ['appointment_category', LONE_LOW_SURROGATE],
      ['appointment_category', NUL],
      ['clinic_id', '"clinic-\\ud800"'],
    ] as const) {
      it(`answers ${field}: ${escaped} with 400 naming ${field}, storing nothing`, async () => {
        const before = await storedCount()
        const answer = await createRequest(stack, jane, withRawValue(validBody(), field, escaped))
        expectRefused(answer, field)
        expect(await storedCount()).to.equal(before)
      })
    }

    it('answers a staff create whose patient_id is not UTF-8 (the bytes of a lone surrogate) with 400 naming patient_id', async () => {
      const answer = await createRequest(stack, staff, validBody(), '?patient_id=pat-a1%ED%A0%80')
      expect(answer.status, answer.text).to.equal(400)
      expect(answer.body.errors.map((error: { field: string }) => error.field)).to.deep.equal(['patient_id'])
    })

    it('stores well-formed text outside the BMP exactly as sent (a surrogate pair is one character)', async () => {
      const notes = 'emoji \ud83d\ude00 and 𝄞'
      const created = await filed(stack, jane, { notes })
      expect(created['notes']).to.equal(notes)
    })
  })

  describe('PATCH /apis/v1/waitlist-requests/{id}', () => {
    for (const [field, escaped] of [
      ['notes', LONE_SURROGATE],
      ['appointment_category', NUL],
    ] as const) {
      it(`answers ${field}: ${escaped} with 400 naming ${field}, changing nothing`, async () => {
        const created = await filed(stack, jane)
        const etag = await etagOf(stack, jane, created['id'])
        const answer = await patch(stack, jane, created['id'], withRawValue({}, field, escaped), etag)
        expectRefused(answer, field)
        await expectUntouched(created['id'])
      })
    }
  })

  describe('POST …/{id}/cancel', () => {
    for (const escaped of [NUL, LONE_SURROGATE, '"\\u0000"']) {
      it(`answers reason: ${escaped} with 400 naming reason, leaving the request ACTIVE`, async () => {
        const created = await filed(stack, jane)
        const answer = await cancel(stack, jane, created['id'], withRawValue({}, 'reason', escaped))
        expectRefused(answer, 'reason')
        await expectUntouched(created['id'])
      })
    }
  })

  describe('POST …/{id}/fulfill', () => {
    for (const start of [
      '0000-06-01T10:00:00Z',
      '0001-01-01T00:30:00+01:00',
      '9999-12-31T23:59:59-23:59',
      '2026-12-01T24:00:00Z',
      '2026-12-01T09:30:00+24:00',
    ]) {
      it(`answers appointment_start ${start} with 400 naming appointment_start, leaving the request ACTIVE`, async () => {
        const created = await filed(stack, jane)
        const answer = await fulfill(stack, staff, created['id'], { ...booking, appointment_start: start })
        expectRefused(answer, 'appointment_start')
        await expectUntouched(created['id'])
      })
    }

    it('answers an appointment_id holding an unpaired surrogate with 400 naming appointment_id', async () => {
      const created = await filed(stack, jane)
      const answer = await fulfill(
        stack,
        staff,
        created['id'],
        withRawValue(booking, 'appointment_id', '"appt-\\ud800"'),
      )
      expectRefused(answer, 'appointment_id')
      await expectUntouched(created['id'])
    })

    it('fulfils with the first and last instants PostgreSQL is given, stored and answered in UTC', async () => {
      for (const [start, utc] of [
        ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z'],
        ['9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
      ]) {
        const created = await filed(stack, jane)
        const answer = await fulfill(stack, staff, created['id'], { ...booking, appointment_start: start })
        expect(answer.status, answer.text).to.equal(200)
        expect(answer.body.data.booked_appointment).to.deep.equal({ id: booking.appointment_id, start: utc })
      }
    })
  })
})
