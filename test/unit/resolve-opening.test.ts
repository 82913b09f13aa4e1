import { expect } from 'chai'
import * as E from 'fp-ts/Either'
import * as O from 'fp-ts/Option'
import type * as t from 'io-ts'
import { StaffActor } from '../../shared/auth/actor'
import { validateOpening, type ValidOpening } from '../../shared/openings/create-opening'
import { judgeWithdrawal, type StoredOpening } from '../../shared/openings/opening-access'
import { newOpening } from '../../shared/openings/opening-payload'
import type { OpeningId } from '../../shared/openings/opening-id'
import { resolveOpening, type OpeningReferences } from '../../shared/openings/resolve-opening'
import { AppointmentCategory, Clinic, Patient, Provider } from '../../shared/reference-data/reference-records'

const decodeOrThrow = <A>(codec: t.Decoder<unknown, A>, input: unknown): A => {
  const result = codec.decode(input)
  if (E.isLeft(result)) throw new Error(`test fixture does not decode: ${JSON.stringify(input)}`)
  return result.right
}

const NOW = new Date('2026-03-01T12:00:00.000Z')
const staffA = decodeOrThrow(StaffActor, { sub: 'user-1', role: 'STAFF', org_id: 'org-a' })
const staffB = decodeOrThrow(StaffActor, { sub: 'user-2', role: 'ADMIN', org_id: 'org-b' })

const clinic = (id: string, organization_id: string) =>
  decodeOrThrow(Clinic, { id, organization_id, name: id, timezone: 'America/New_York' })
const provider = (id: string, clinic_ids: string[]) =>
  decodeOrThrow(Provider, { id, clinic_ids, first_name: 'A', last_name: 'B', title: 'PT' })
const category = (id: string, clinic_ids: string[]) =>
  decodeOrThrow(AppointmentCategory, {
    id,
    clinic_ids,
    name: id,
    appointment_type: 'INITIAL_EVAL',
    duration_minutes: 45,
  })
const patient = (id: string, organization_id: string) =>
  decodeOrThrow(Patient, { id, organization_id, first_name: 'A', last_name: 'B' })

const opening = (overrides: Record<string, unknown> = {}): ValidOpening => {
  const valid = validateOpening(
    {
      clinic_id: 'clinic-1',
      provider_id: 'prov-1',
      start: '2026-03-08T10:30:00-04:00',
      duration_minutes: 45,
      appointment_category_ids: ['cat-1'],
      released_by_patient_id: 'pat-1',
      ...overrides,
    },
    NOW,
  )
  if (E.isLeft(valid)) throw new Error(JSON.stringify(valid.left))
  return valid.right
}

const found: OpeningReferences = {
  clinic: O.some(clinic('clinic-1', 'org-a')),
  provider: O.some(provider('prov-1', ['clinic-1'])),
  categories: [category('cat-1', ['clinic-1'])],
  releasedBy: O.some(patient('pat-1', 'org-a')),
}

const resolve = (references: Partial<OpeningReferences>, overrides: Record<string, unknown> = {}) =>
  resolveOpening({ actor: staffA, opening: opening(overrides) }, { ...found, ...references })

describe('resolveOpening: the rules that need reference data (docs/matching.md)', () => {
  it('resolves an opening whose references are all the organization’s, with its clinic’s clock', () => {
    expect(resolve({})).to.deep.equal(
      E.right({ opening: opening(), organization_id: 'org-a', timezone: 'America/New_York' }),
    )
  })

  it('reports every failure at once, in the body’s field order', () => {
    const result = resolve(
      {
        provider: O.some(provider('prov-1', ['clinic-2'])),
        categories: [category('cat-1', ['clinic-2'])],
        releasedBy: O.none,
      },
      { appointment_category_ids: ['cat-1', 'cat-9'] },
    )
    expect(result).to.deep.equal(
      E.left([
        { field: 'provider_id', message: 'provider_id does not name a provider practising at this clinic' },
        {
          field: 'appointment_category_ids',
          message: 'appointment_category_ids contains categories not offered at this clinic: cat-1, cat-9',
        },
        { field: 'released_by_patient_id', message: 'released_by_patient_id does not name a known patient' },
      ]),
    )
  })

  it("answers another organization's clinic and patient exactly as missing ones", () => {
    const foreign = resolve({
      clinic: O.some(clinic('clinic-1', 'org-b')),
      releasedBy: O.some(patient('pat-1', 'org-b')),
    })
    const missing = resolve({ clinic: O.none, releasedBy: O.none })
    expect(foreign).to.deep.equal(missing)
    expect(foreign).to.deep.equal(
      E.left([
        { field: 'clinic_id', message: 'clinic_id does not name a known clinic' },
        { field: 'released_by_patient_id', message: 'released_by_patient_id does not name a known patient' },
      ]),
    )
  })

  it('needs no category or patient when the opening names none', () => {
    const result = resolve(
      { categories: [], releasedBy: O.none },
      { appointment_category_ids: undefined, released_by_patient_id: null },
    )
    expect(E.isRight(result)).to.equal(true)
  })
})

describe('judgeWithdrawal', () => {
  const stored = (status: 'OPEN' | 'FILLED' | 'WITHDRAWN', status_change_id: string | null = null): StoredOpening => ({
    organization_id: 'org-a',
    timezone: 'America/New_York' as StoredOpening['timezone'],
    status_change_id,
    opening: {
      ...newOpening({
        id: '0b6f0e2c-8a1d-4e3b-9c47-2f5d6a7b8c9d' as OpeningId,
        opening: opening(),
        created_by: 'user-1',
        now: NOW,
      }),
      status,
    },
  })
  const change = '9b2f3c1e-6d0a-4f7e-8c55-0e1d2a3b4c5d'

  it('withdraws an OPEN opening of the organization', () => {
    expect(judgeWithdrawal(staffA, change, stored('OPEN'))).to.deep.equal(E.right('withdraw'))
  })

  it('finds its own earlier write done, whatever the status now', () => {
    expect(judgeWithdrawal(staffA, change, stored('WITHDRAWN', change))).to.deep.equal(E.right('done'))
  })

  it('refuses with 409 naming the status, and hides another organization’s opening as 404', () => {
    expect(judgeWithdrawal(staffA, change, stored('FILLED'))).to.deep.equal(
      E.left({
        reason: 'conflict',
        errors: [{ field: 'status', message: 'opening is FILLED: only an OPEN opening can be withdrawn' }],
      }),
    )
    expect(judgeWithdrawal(staffB, change, stored('OPEN', change))).to.deep.equal(
      E.left({ reason: 'not_found', errors: [{ field: 'id', message: 'opening not found' }] }),
    )
  })
})
