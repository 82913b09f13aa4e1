import { expect } from 'chai'
import * as E from 'fp-ts/Either'
import * as O from 'fp-ts/Option'
import type { Actor } from '../../shared/auth/actor'
import type { RequestVersion } from '../../shared/codecs/request-version'
import type { IsoDate } from '../../shared/codecs/iso-date'
import { decodeWithFieldErrors } from '../../shared/errors/field-error'
import { ChangeWaitlistRequest, CreateWaitlistRequest } from '../../shared/waitlist-request/create-waitlist-request'
import { checkStatus, checkVersion, mayTransition, TRANSITIONS } from '../../shared/waitlist-request/status-rules'
import { expectedVersion, versionToCheck } from '../../shared/waitlist-request/expected-version'
import { isDue, latestToday, todayByZone } from '../../shared/waitlist-request/expiry'
import { Cursor, ListQuery, positionOf } from '../../shared/waitlist-request/list-query'
import { scopeListQuery } from '../../shared/waitlist-request/list-scope'
import { permission } from '../../shared/waitlist-request/permissions'
import { diffFields } from '../../shared/waitlist-request/history'
import { refusals } from '../support/refusals'

const v = (n: number) => n as RequestVersion

describe('status rules: ACTIVE → FULFILLED | CANCELLED | EXPIRED, nothing else', () => {
  it('allows exactly the three ends from ACTIVE and nothing out of them', () => {
    const statuses = Object.keys(TRANSITIONS) as Array<keyof typeof TRANSITIONS>
    const allowed = statuses.flatMap((from) =>
      statuses.filter((to) => mayTransition(from, to)).map((to) => `${from}→${to}`),
    )
    expect(allowed).to.deep.equal(['ACTIVE→FULFILLED', 'ACTIVE→CANCELLED', 'ACTIVE→EXPIRED'])
  })

  it('lets only an ACTIVE request be changed, saying what it is otherwise', () => {
    expect(checkStatus('ACTIVE', 'change')).to.deep.equal(E.right('ACTIVE'))
    expect(checkStatus('ACTIVE', 'fulfill')).to.deep.equal(E.right('FULFILLED'))
    expect(checkStatus('EXPIRED', 'cancel')).to.deep.equal(
      E.left({ field: 'status', message: 'waitlist request is EXPIRED: only an ACTIVE request can be cancelled' }),
    )
  })

  it('refuses a stale version and accepts the current one or none', () => {
    expect(checkVersion(v(3), v(3))).to.deep.equal(E.right(3))
    expect(checkVersion(v(3), null)).to.deep.equal(E.right(3))
    expect(checkVersion(v(3), v(2))).to.deep.equal(
      E.left({
        field: 'version',
        message: 'waitlist request has changed since version 2 (it is now at version 3): read it again and retry',
      }),
    )
  })
})

describe('expected version: If-Match or a version field', () => {
  const of = (ifMatch: string | undefined, bodyVersion: unknown) => expectedVersion({ ifMatch, bodyVersion })
  it('reads strong and weak ETags, *, a body version, and nothing', () => {
    expect(of('"4"', undefined)).to.deep.equal(E.right(4))
    expect(of('W/"4"', undefined)).to.deep.equal(E.right(4))
    expect(of('*', undefined)).to.deep.equal(E.right('any'))
    expect(of(undefined, 7)).to.deep.equal(E.right(7))
    expect(of(undefined, undefined)).to.deep.equal(E.right(null))
    expect(versionToCheck('any')).to.equal(null)
  })
  it('refuses a malformed header, a bad version and a disagreement', () => {
    const malformed = E.left([
      { field: 'If-Match', message: 'If-Match must be the ETag of the waitlist request, like "3"' },
    ])
    expect(of('4', undefined)).to.deep.equal(malformed)
    expect(of('"0"', undefined)).to.deep.equal(malformed)
    expect(of(undefined, '2')).to.deep.equal(
      E.left([{ field: 'version', message: 'version must be a positive integer' }]),
    )
    expect(of('"2"', 3)).to.deep.equal(E.left([{ field: 'version', message: 'version 3 disagrees with If-Match "2"' }]))
    expect(of('"3"', 3)).to.deep.equal(E.right(3))
  })
})

describe('ChangeWaitlistRequest: the create field codecs, one field at a time', () => {
  const change = decodeWithFieldErrors(ChangeWaitlistRequest)
  const create = decodeWithFieldErrors(CreateWaitlistRequest)
  it('keeps only the fields named, decoded as a create decodes them', () => {
    expect(change({ priority: 2, appointment_type: 'follow up', unknown: 1 })).to.deep.equal(
      E.right({ priority: 2, appointment_type: 'FOLLOW_UP' }),
    )
  })
  it('gives the same message as a create for the same bad value', () => {
    for (const [field, value] of [
      ['priority', '2'],
      ['preferred_days', ['FUNDAY']],
      ['date_range_end', '2026-13-01'],
      ['payment_type', 'CASH'],
      ['appointment_category', ' '],
    ] as const) {
      const fromChange = change({ [field]: value })
      const fromCreate = create({ [field]: value })
      expect(E.isLeft(fromChange) && E.isLeft(fromCreate)).to.equal(true)
      const createError = E.isLeft(fromCreate) ? fromCreate.left.find((error) => error.field === field) : undefined
      expect(E.isLeft(fromChange) ? fromChange.left : []).to.deep.equal([createError])
    }
  })
  it('applies end ≥ start when both are named, with the documented message', () => {
    expect(change({ date_range_start: '2026-12-10', date_range_end: '2026-12-01' })).to.deep.equal(
      E.left([{ field: 'date_range_end', message: 'date_range_end must be on or after date_range_start' }]),
    )
  })
  it('refuses a body that names nothing, and one that is not an object', () => {
    expect(change({})).to.deep.equal(E.left([{ field: 'body', message: 'request body names no field to change' }]))
    expect(change([])).to.deep.equal(E.left([{ field: 'body', message: 'request body must be a JSON object' }]))
  })
  it('encodes a cleared field as null, so it survives JSON on the queue', () => {
    const decoded = change({ notes: null, priority: 1 })
    expect(E.isRight(decoded) && JSON.parse(JSON.stringify(ChangeWaitlistRequest.encode(decoded.right)))).to.deep.equal(
      {
        notes: null,
        priority: 1,
      },
    )
  })
})

describe('expiry: by the clinic’s own calendar', () => {
  const now = new Date('2026-06-15T12:00:00Z')
  it('is due in Kiritimati a day before Pago Pago for the same end date', () => {
    expect(isDue('2026-06-15' as IsoDate, 'Pacific/Kiritimati', now)).to.equal(true)
    expect(isDue('2026-06-15' as IsoDate, 'Pacific/Pago_Pago', now)).to.equal(false)
    expect(isDue('2026-06-14' as IsoDate, 'Pacific/Pago_Pago', now)).to.equal(true)
  })
  it('computes today once per zone, and the latest today anywhere', () => {
    expect(todayByZone(['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Pacific/Kiritimati'], now)).to.deep.equal([
      { timezone: 'Pacific/Kiritimati', today: '2026-06-16' },
      { timezone: 'Pacific/Pago_Pago', today: '2026-06-15' },
    ])
    expect(latestToday(now)).to.equal('2026-06-16')
  })
})

describe('list query and cursor', () => {
  it('defaults to ACTIVE, waitlist order, 20 per page', () => {
    const query = ListQuery.decode({})
    expect(E.isRight(query) && query.right).to.deep.include({ status: 'ACTIVE', sort: 'waitlist', limit: 20 })
  })
  it('round-trips a cursor and refuses a forged one', () => {
    const item = {
      priority: 2,
      created_at: '2026-11-24T10:00:00.000Z',
      id: '3f0c2a9e-4f1b-4c55-9d1e-7a0e5b6c8d90',
      date_range_end: '2026-12-01',
    }
    const position = positionOf('waitlist', item as never)
    expect(Cursor.decode(Cursor.encode(position))).to.deep.equal(E.right(position))
    const forged = Buffer.from(JSON.stringify({ sort: 'waitlist', key: [9, 'x', 'y'] })).toString('base64url')
    expect(refusals(Cursor.decode(forged))).to.deep.equal([{ key: '', codec: 'Cursor' }])
    expect(refusals(Cursor.decode('%%%'))).to.deep.equal([{ key: '', codec: 'Cursor' }])
  })
  it('scopes a patient to themselves whatever patient_id says, and staff to their organization', () => {
    const query = ListQuery.decode({ patient_id: 'pat-x' })
    if (E.isLeft(query)) throw new Error('query should decode')
    const none = { organization: O.none, clinic: O.none, patient: O.none, provider: O.none, category: O.none }
    const patient = { sub: 's', role: 'USER', patient_id: 'pat-a1' } as Actor
    const staff = { sub: 's', role: 'STAFF', org_id: 'org-a' } as Actor
    const asPatient = scopeListQuery(patient, query.right, { ...none, organization: O.some('org-a') })
    expect(E.isRight(asPatient) && asPatient.right).to.deep.include({
      patient_id: 'pat-a1',
      organization_id: undefined,
    })
    const asStaff = scopeListQuery(staff, query.right, {
      ...none,
      organization: O.some('org-a'),
      patient: O.some('org-b'),
    })
    expect(asStaff).to.deep.equal(
      E.left([{ field: 'patient_id', message: 'patient_id does not name a known patient' }]),
    )
  })
})

describe('permissions and history diffs', () => {
  it('forbids a patient to fulfil, hides others’ requests, allows the rest', () => {
    const owner = { organization_id: 'org-a', patient_id: 'pat-a1' }
    expect(permission({ sub: 's', role: 'USER', patient_id: 'pat-a1' } as Actor, 'fulfill', owner)).to.equal(
      'forbidden',
    )
    expect(permission({ sub: 's', role: 'USER', patient_id: 'pat-a2' } as Actor, 'cancel', owner)).to.equal('hidden')
    expect(permission({ sub: 's', role: 'CLINICIAN', org_id: 'org-a' } as Actor, 'fulfill', owner)).to.equal('allowed')
    expect(permission({ sub: 's', role: 'ADMIN', org_id: 'org-b' } as Actor, 'read', owner)).to.equal('hidden')
  })
  it('lists only the fields that differ, arrays by content, absent as null', () => {
    expect(
      diffFields(['a', 'b', 'c', 'd'], { a: [1, 2], b: 'x', c: null }, { a: [1, 2], b: 'y', c: undefined, d: 3 }),
    ).to.deep.equal([
      { field: 'b', before: 'x', after: 'y' },
      { field: 'd', before: null, after: 3 },
    ])
  })
})
