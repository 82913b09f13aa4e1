import { expect } from 'chai'
import * as E from 'fp-ts/Either'
import * as O from 'fp-ts/Option'
import type * as t from 'io-ts'
import { Actor } from '../../shared/auth/actor'
import type { FieldError } from '../../shared/errors/field-error'
import {
  AppointmentCategory,
  Clinic,
  Organization,
  Patient,
  Provider,
} from '../../shared/reference-data/reference-records'
import { validateCreateSubmission, type CreateSubmission } from '../../shared/waitlist-request/create-submission'
import { WAITLIST_NOT_CONFIGURED } from '../../shared/waitlist-request/messages'
import { DEFAULT_OFFER_POLICY } from '../../shared/reference-data/offer-policy'
import { resolveCreateRequest, type CreateReferences } from '../../shared/waitlist-request/resolve-create-request'
import type { ResolvedWaitlistRequest } from '../../shared/waitlist-request/waitlist-request-payload'
import { DEFAULT_PRIORITY } from '../../shared/codecs/priority'
import type { IsoDate } from '../../shared/codecs/iso-date'

const decodeOrThrow = <A>(codec: t.Decoder<unknown, A>, input: unknown): A => {
  const result = codec.decode(input)
  if (E.isLeft(result)) throw new Error(`test fixture does not decode: ${JSON.stringify(input)}`)
  return result.right
}

// Reference data, decoded with the very codecs the seed file and the worker use.
const orgA = decodeOrThrow(Organization, { id: 'org-a', name: 'Org A', waitlist: { enabled: true } })
const orgA60 = decodeOrThrow(Organization, {
  id: 'org-a',
  name: 'Org A',
  waitlist: { enabled: true, max_span_days: 60 },
})
const orgB = decodeOrThrow(Organization, { id: 'org-b', name: 'Org B', waitlist: { enabled: true, max_span_days: 90 } })
const orgNoWaitlist = decodeOrThrow(Organization, { id: 'org-a', name: 'Org A', waitlist: null })
const orgWaitlistOff = decodeOrThrow(Organization, {
  id: 'org-a',
  name: 'Org A',
  waitlist: { enabled: false, max_span_days: 90 },
})

const clinicLA = decodeOrThrow(Clinic, {
  id: 'clinic-la',
  organization_id: 'org-a',
  name: 'LA',
  timezone: 'America/Los_Angeles',
})
const clinicAuckland = decodeOrThrow(Clinic, {
  id: 'clinic-akl',
  organization_id: 'org-a',
  name: 'Auckland',
  timezone: 'Pacific/Auckland',
})
const clinicPagoPago = decodeOrThrow(Clinic, {
  id: 'clinic-ppg',
  organization_id: 'org-a',
  name: 'Pago Pago',
  timezone: 'Pacific/Pago_Pago',
})
const clinicKiritimati = decodeOrThrow(Clinic, {
  id: 'clinic-kir',
  organization_id: 'org-a',
  name: 'Kiritimati',
  timezone: 'Pacific/Kiritimati',
})
const clinicB = decodeOrThrow(Clinic, {
  id: 'clinic-b',
  organization_id: 'org-b',
  name: 'B',
  timezone: 'Europe/London',
})

const patientA = decodeOrThrow(Patient, {
  id: 'patient-a',
  organization_id: 'org-a',
  first_name: 'Jane',
  last_name: 'Doe',
})
const patientB = decodeOrThrow(Patient, {
  id: 'patient-b',
  organization_id: 'org-b',
  first_name: 'Bea',
  last_name: 'Brown',
})

const evalCategory = decodeOrThrow(AppointmentCategory, {
  id: 'cat-eval',
  clinic_ids: ['clinic-la', 'clinic-akl', 'clinic-ppg', 'clinic-kir'],
  name: 'Physical Therapy',
  appointment_type: 'INITIAL_EVAL',
  duration_minutes: 60,
})
const followCategory = decodeOrThrow(AppointmentCategory, {
  id: 'cat-follow',
  clinic_ids: ['clinic-la'],
  name: 'PT Follow-up',
  appointment_type: 'FOLLOW_UP',
  duration_minutes: 30,
})
const categoryElsewhere = decodeOrThrow(AppointmentCategory, {
  id: 'cat-b',
  clinic_ids: ['clinic-b'],
  name: 'Sports Rehab',
  appointment_type: 'INITIAL_EVAL',
  duration_minutes: 45,
})

const provider = (id: string, clinicIds: Array<string>, firstName: string, lastName: string, title: string) =>
  decodeOrThrow(Provider, { id, clinic_ids: clinicIds, first_name: firstName, last_name: lastName, title })
const maria = provider('prov-1', ['clinic-la'], 'Maria', 'Lopez', 'DPT')
const sam = provider('prov-2', ['clinic-la', 'clinic-akl'], 'Sam', 'Okafor', 'PT')
const priya = provider('prov-3', ['clinic-akl'], 'Priya', 'Shah', 'DPT')
const ben = provider('prov-b', ['clinic-b'], 'Ben', 'Hart', 'PT')

const userA = decodeOrThrow(Actor, { sub: 'user-123', role: 'USER', patient_id: 'patient-a' })
const userB = decodeOrThrow(Actor, { sub: 'user-456', role: 'USER', patient_id: 'patient-b' })
const staffA = decodeOrThrow(Actor, { sub: 'staff-1', role: 'STAFF', org_id: 'org-a' })
const clinicianA = decodeOrThrow(Actor, { sub: 'clin-1', role: 'CLINICIAN', org_id: 'org-a' })
const adminB = decodeOrThrow(Actor, { sub: 'admin-b', role: 'ADMIN', org_id: 'org-b' })

/**
 * 2026-05-14T12:30:00Z is 00:30 on 15 May in Auckland (NZST, UTC+12) and in
 * Kiritimati 02:30 on 15 May (UTC+14), but 05:30 on 14 May in Los Angeles
 * (PDT, UTC−7) and 01:30 on 14 May in Pago Pago (UTC−11).
 */
const NOW = new Date('2026-05-14T12:30:00Z')

const submission = (
  actor: Actor,
  overrides: Record<string, unknown> = {},
  patientId: unknown = 'patient-a',
): CreateSubmission => {
  const result = validateCreateSubmission({
    actor,
    patient_id: patientId,
    body: {
      clinic_id: 'clinic-la',
      date_range_start: '2026-06-01',
      date_range_end: '2026-06-15',
      appointment_category_id: 'cat-eval',
      payment_type: 'INSURANCE_PAY',
      ...overrides,
    },
  })
  if (E.isLeft(result)) throw new Error(`test submission does not validate: ${JSON.stringify(result.left)}`)
  return result.right
}

const references = (overrides: Partial<CreateReferences> = {}): CreateReferences => ({
  clinic: O.some({ clinic: clinicLA, organization: orgA }),
  patient: O.some(patientA),
  category: O.some(evalCategory),
  providers: [],
  ...overrides,
})

const resolved = (s: CreateSubmission, r: CreateReferences, now: Date = NOW): ResolvedWaitlistRequest => {
  const result = resolveCreateRequest(s, r, now)
  if (E.isLeft(result)) return expect.fail(`expected the request to resolve, got ${JSON.stringify(result.left)}`)
  return result.right
}

const refused = (s: CreateSubmission, r: CreateReferences, now: Date = NOW): Array<FieldError> => {
  const result = resolveCreateRequest(s, r, now)
  if (E.isRight(result)) return expect.fail(`expected the request to be refused, got ${JSON.stringify(result.right)}`)
  return result.left
}

const UNKNOWN_CLINIC = { field: 'clinic_id', message: 'clinic_id does not name a known clinic' }
const UNKNOWN_PATIENT = { field: 'patient_id', message: 'patient_id does not name a known patient' }
const CATEGORY_NOT_OFFERED = {
  field: 'appointment_category_id',
  message: 'appointment_category_id does not name a category offered at this clinic',
}
const spanRule = (days: number) => ({
  field: 'date_range_end',
  message: `date_range_end must be at most ${days} days after date_range_start`,
})
const startRule = (today: string) => ({
  field: 'date_range_start',
  message: `date_range_start must be today (${today} in the clinic's time zone) or later`,
})

describe('resolveCreateRequest (rules that need reference data)', () => {
  describe('a request that passes', () => {
    it('resolves to the payload fields, with defaults from the category and the patient details', () => {
      expect(resolved(submission(staffA), references())).to.deep.equal({
        organization_id: 'org-a',
        clinic_id: 'clinic-la',
        patient_id: 'patient-a',
        preferred_providers: [],
        preferred_provider_details: undefined,
        preferred_time_slots: [],
        preferred_days: [],
        date_range_start: '2026-06-01',
        date_range_end: '2026-06-15',
        appointment_category_id: 'cat-eval',
        appointment_category: 'Physical Therapy',
        appointment_type: 'INITIAL_EVAL',
        appointment_duration: 60,
        payment_type: 'INSURANCE_PAY',
        priority: 3,
        notes: null,
        patient: { id: 'patient-a', first_name: 'Jane', last_name: 'Doe' },
      })
    })

    it("files a USER's request for their own patient at a clinic of their organization", () => {
      const value = resolved(submission(userA), references())
      expect(value.patient_id).to.equal('patient-a')
      expect(value.organization_id).to.equal('org-a')
    })

    it('keeps the submitted preferences, priority and notes exactly', () => {
      const value = resolved(
        submission(clinicianA, {
          preferred_time_slots: ['EVENING', 'MORNING'],
          preferred_days: ['FRIDAY'],
          priority: 1,
          notes: '  as sent\n',
          payment_type: 'SELF_PAY',
        }),
        references(),
      )
      expect(value).to.include({ priority: 1, notes: '  as sent\n', payment_type: 'SELF_PAY' })
      expect(value.preferred_time_slots).to.deep.equal(['EVENING', 'MORNING'])
      expect(value.preferred_days).to.deep.equal(['FRIDAY'])
    })
  })

  describe('tenancy: outside the actor’s organization reads as not existing', () => {
    it('answers a staff member naming a clinic of another organization as an unknown clinic', () => {
      const foreign = refused(
        submission(staffA),
        references({ clinic: O.some({ clinic: clinicB, organization: orgB }) }),
      )
      const missing = refused(submission(staffA), references({ clinic: O.none }))
      expect(foreign).to.deep.equal([UNKNOWN_CLINIC])
      expect(foreign).to.deep.equal(missing)
    })

    it('answers a staff member naming a patient of another organization as an unknown patient', () => {
      const foreign = refused(submission(staffA, {}, 'patient-b'), references({ patient: O.some(patientB) }))
      const missing = refused(submission(staffA, {}, 'patient-b'), references({ patient: O.none }))
      expect(foreign).to.deep.equal([UNKNOWN_PATIENT])
      expect(foreign).to.deep.equal(missing)
    })

    it("does not reveal a foreign clinic's waitlist settings, category or providers", () => {
      const errors = refused(
        submission(staffA, { appointment_category_id: 'cat-b', preferred_providers: ['prov-x'] }),
        references({
          clinic: O.some({ clinic: clinicB, organization: { ...orgB, waitlist: null } }),
          category: O.some(categoryElsewhere),
        }),
      )
      expect(errors).to.deep.equal([UNKNOWN_CLINIC])
    })

    it('answers a USER naming a clinic of another organization than their own as an unknown clinic', () => {
      expect(
        refused(
          submission(userA, { clinic_id: 'clinic-b' }),
          references({ clinic: O.some({ clinic: clinicB, organization: orgB }) }),
        ),
      ).to.deep.equal([UNKNOWN_CLINIC])
    })

    it('lets a patient of organization B file at a clinic of organization B', () => {
      const value = resolved(
        submission(userB, { clinic_id: 'clinic-b', appointment_category_id: 'cat-b' }),
        references({
          clinic: O.some({ clinic: clinicB, organization: orgB }),
          patient: O.some(patientB),
          category: O.some(categoryElsewhere),
        }),
      )
      expect(value).to.include({ organization_id: 'org-b', clinic_id: 'clinic-b', patient_id: 'patient-b' })
    })

    it('answers staff of organization B acting at a clinic of organization A as an unknown clinic and patient', () => {
      expect(refused(submission(adminB), references())).to.deep.equal([UNKNOWN_PATIENT, UNKNOWN_CLINIC])
    })

    it('refuses a USER whose patient record is missing', () => {
      expect(refused(submission(userA), references({ patient: O.none }))).to.deep.include(UNKNOWN_PATIENT)
    })
  })

  describe('waitlist feature', () => {
    it(`refuses an organization without waitlist configuration with exactly "${WAITLIST_NOT_CONFIGURED}"`, () => {
      expect(WAITLIST_NOT_CONFIGURED).to.equal('waitlist feature not configured for this organization')
      expect(
        refused(submission(staffA), references({ clinic: O.some({ clinic: clinicLA, organization: orgNoWaitlist }) })),
      ).to.deep.equal([{ field: 'clinic_id', message: 'waitlist feature not configured for this organization' }])
    })

    it('refuses an organization whose waitlist is disabled with the same message', () => {
      expect(
        refused(submission(staffA), references({ clinic: O.some({ clinic: clinicLA, organization: orgWaitlistOff }) })),
      ).to.deep.equal([{ field: 'clinic_id', message: 'waitlist feature not configured for this organization' }])
    })
  })

  describe('maximum span', () => {
    it('defaults max_span_days to 30 for an organization that does not set it', () => {
      expect(orgA.waitlist).to.deep.equal({
        enabled: true,
        max_span_days: 30,
        patient_priority: 'accept',
        offers: DEFAULT_OFFER_POLICY,
      })
    })

    it('accepts a span of exactly 30 days under the default', () => {
      expect(
        resolved(submission(staffA, { date_range_start: '2026-06-01', date_range_end: '2026-07-01' }), references()),
      ).to.include({ date_range_end: '2026-07-01' })
    })

    it('refuses a span of 31 days under the default, naming the limit', () => {
      expect(
        refused(submission(staffA, { date_range_start: '2026-06-01', date_range_end: '2026-07-02' }), references()),
      ).to.deep.equal([spanRule(30)])
    })

    it("refuses the API page's own example (2026-05-15 → 2026-06-15, 31 days) under the default", () => {
      expect(
        refused(submission(staffA, { date_range_start: '2026-05-15', date_range_end: '2026-06-15' }), references()),
      ).to.deep.equal([spanRule(30)])
    })

    it('accepts 31 and 60 days, but not 61, for an organization configured with 60', () => {
      const at60 = references({ clinic: O.some({ clinic: clinicLA, organization: orgA60 }) })
      expect(
        resolved(submission(staffA, { date_range_start: '2026-05-15', date_range_end: '2026-06-15' }), at60),
      ).to.include({ date_range_end: '2026-06-15' })
      expect(
        resolved(submission(staffA, { date_range_start: '2026-06-01', date_range_end: '2026-07-31' }), at60),
      ).to.include({ date_range_end: '2026-07-31' })
      expect(
        refused(submission(staffA, { date_range_start: '2026-06-01', date_range_end: '2026-08-01' }), at60),
      ).to.deep.equal([spanRule(60)])
    })

    it('counts calendar days across a daylight-saving change in the clinic’s zone', () => {
      // Los Angeles leaves daylight saving on 2026-11-01; 2026-10-15 → 2026-11-14 is still 30 days.
      expect(
        resolved(submission(staffA, { date_range_start: '2026-10-15', date_range_end: '2026-11-14' }), references()),
      ).to.include({ date_range_end: '2026-11-14' })
    })
  })

  describe('"today" is the date on the clinic’s clock', () => {
    const at = (clinic: typeof clinicLA) => references({ clinic: O.some({ clinic, organization: orgA }) })
    const startingOn = (date: string, clinicId: string) =>
      submission(staffA, { clinic_id: clinicId, date_range_start: date, date_range_end: date })

    it('accepts 14 May in Los Angeles, where it is still 14 May', () => {
      expect(resolved(startingOn('2026-05-14', 'clinic-la'), at(clinicLA))).to.include({
        date_range_start: '2026-05-14',
      })
    })

    it('accepts 14 May in Pago Pago, where it is still 14 May', () => {
      expect(resolved(startingOn('2026-05-14', 'clinic-ppg'), at(clinicPagoPago))).to.include({
        date_range_start: '2026-05-14',
      })
    })

    it('refuses 14 May in Auckland at the same instant, where it is already 15 May', () => {
      expect(refused(startingOn('2026-05-14', 'clinic-akl'), at(clinicAuckland))).to.deep.equal([
        startRule('2026-05-15'),
      ])
    })

    it('refuses 14 May in Kiritimati at the same instant, where it is already 15 May', () => {
      expect(refused(startingOn('2026-05-14', 'clinic-kir'), at(clinicKiritimati))).to.deep.equal([
        startRule('2026-05-15'),
      ])
    })

    it('accepts 14 May in Auckland one minute before its midnight (11:59 UTC)', () => {
      expect(
        resolved(startingOn('2026-05-14', 'clinic-akl'), at(clinicAuckland), new Date('2026-05-14T11:59:00Z')),
      ).to.include({ date_range_start: '2026-05-14' })
    })

    it('accepts today in Auckland (15 May) and refuses yesterday in Los Angeles (13 May), naming its today', () => {
      expect(resolved(startingOn('2026-05-15', 'clinic-akl'), at(clinicAuckland))).to.include({
        date_range_start: '2026-05-15',
      })
      expect(refused(startingOn('2026-05-13', 'clinic-la'), at(clinicLA))).to.deep.equal([startRule('2026-05-14')])
    })

    it('uses the clinic’s date, not the UTC date, when UTC has already moved on', () => {
      // 2026-05-15T06:00Z is 23:00 on 14 May in Los Angeles.
      expect(
        resolved(startingOn('2026-05-14', 'clinic-la'), at(clinicLA), new Date('2026-05-15T06:00:00Z')),
      ).to.include({ date_range_start: '2026-05-14' })
    })

    it('reports a past start and a too-long span together', () => {
      expect(
        refused(submission(staffA, { date_range_start: '2026-05-01', date_range_end: '2026-06-15' }), references()),
      ).to.deep.equal([startRule('2026-05-14'), spanRule(30)])
    })
  })

  describe('appointment category', () => {
    it('refuses a category that is not offered at the clinic', () => {
      expect(
        refused(
          submission(staffA, { appointment_category_id: 'cat-b' }),
          references({ category: O.some(categoryElsewhere) }),
        ),
      ).to.deep.equal([CATEGORY_NOT_OFFERED])
    })

    it('refuses a category that does not exist, with the same message', () => {
      expect(refused(submission(staffA), references({ category: O.none }))).to.deep.equal([CATEGORY_NOT_OFFERED])
    })

    it("takes the duration, label and type from the category when they're not given", () => {
      expect(
        resolved(
          submission(staffA, { appointment_category_id: 'cat-follow' }),
          references({ category: O.some(followCategory) }),
        ),
      ).to.include({ appointment_duration: 30, appointment_category: 'PT Follow-up', appointment_type: 'FOLLOW_UP' })
    })

    it("lets a given appointment_type win over the category's", () => {
      expect(resolved(submission(staffA, { appointment_type: 'Follow Up' }), references())).to.include({
        appointment_type: 'FOLLOW_UP',
        appointment_duration: 60,
      })
      expect(
        resolved(
          submission(staffA, { appointment_category_id: 'cat-follow', appointment_type: 'initial-evaluation' }),
          references({ category: O.some(followCategory) }),
        ),
      ).to.include({ appointment_type: 'INITIAL_EVAL', appointment_duration: 30 })
    })

    it("lets a given appointment_category label win over the category's name", () => {
      expect(resolved(submission(staffA, { appointment_category: 'Knee rehab' }), references())).to.include({
        appointment_category: 'Knee rehab',
      })
    })
  })

  describe('preferred providers', () => {
    it('gives provider details in the preferred order, whatever order they were found in', () => {
      const value = resolved(
        submission(staffA, { preferred_providers: ['prov-2', 'prov-1'] }),
        references({ providers: [maria, sam] }),
      )
      expect(value.preferred_providers).to.deep.equal(['prov-2', 'prov-1'])
      expect(value.preferred_provider_details).to.deep.equal([
        { id: 'prov-2', first_name: 'Sam', last_name: 'Okafor', title: 'PT' },
        { id: 'prov-1', first_name: 'Maria', last_name: 'Lopez', title: 'DPT' },
      ])
    })

    it('gives one detail per provider when the body repeated one', () => {
      const value = resolved(
        submission(staffA, { preferred_providers: ['prov-1', 'prov-1', 'prov-2'] }),
        references({ providers: [sam, maria] }),
      )
      expect(value.preferred_provider_details?.map((details) => details.id)).to.deep.equal(['prov-1', 'prov-2'])
    })

    it('omits preferred_provider_details (undefined, absent from JSON) when no provider is preferred', () => {
      const value = resolved(submission(staffA, { preferred_providers: [] }), references({ providers: [maria] }))
      expect(value.preferred_provider_details).to.equal(undefined)
      expect(JSON.parse(JSON.stringify(value))).not.to.have.property('preferred_provider_details')
    })

    it('refuses providers who do not practise at the clinic or do not exist, naming them in preferred order', () => {
      expect(
        refused(
          submission(staffA, { preferred_providers: ['prov-3', 'prov-1', 'prov-missing', 'prov-b'] }),
          references({ providers: [maria, priya, ben] }),
        ),
      ).to.deep.equal([
        {
          field: 'preferred_providers',
          message:
            'preferred_providers contains providers who do not practise at this clinic: prov-3, prov-missing, prov-b',
        },
      ])
    })

    it('accepts a provider who practises at several clinics including this one', () => {
      const value = resolved(
        submission(staffA, { clinic_id: 'clinic-akl', preferred_providers: ['prov-2', 'prov-3'] }),
        references({ clinic: O.some({ clinic: clinicAuckland, organization: orgA }), providers: [sam, priya] }),
        new Date('2026-05-20T00:00:00Z'),
      )
      expect(value.preferred_provider_details?.map((details) => details.id)).to.deep.equal(['prov-2', 'prov-3'])
    })
  })

  describe("the organization's patient_priority (docs/reference-data.md)", () => {
    const orgIgnoring = decodeOrThrow(Organization, {
      id: 'org-a',
      name: 'Org A',
      waitlist: { enabled: true, patient_priority: 'ignore' },
    })
    const atIgnoring = references({ clinic: O.some({ clinic: clinicLA, organization: orgIgnoring }) })

    it("keeps a patient's stated priority where it accepts it (the default)", () => {
      expect(resolved(submission(userA, { priority: 1 }), references()).priority).to.equal(1)
    })

    it("gives a patient's create the default priority where it ignores theirs", () => {
      expect(resolved(submission(userA, { priority: 1 }), atIgnoring).priority).to.equal(DEFAULT_PRIORITY)
    })

    it("keeps staff's stated priority there", () => {
      expect(resolved(submission(staffA, { priority: 1 }), atIgnoring).priority).to.equal(1)
      expect(resolved(submission(clinicianA, { priority: 5 }), atIgnoring).priority).to.equal(5)
    })

    it("leaves a change alone: the priority it carries is the stored one or staff's", () => {
      const change = resolveCreateRequest(submission(userA, { priority: 1 }), atIgnoring, NOW, {
        change: { storedStart: '2026-06-01' as IsoDate },
      })
      expect(E.isRight(change) && change.right.priority).to.equal(1)
    })
  })

  describe('several failures at once', () => {
    it('reports every failure, sorted in field order (patient_id first, then the API page order)', () => {
      expect(
        refused(
          submission(staffA, {
            preferred_providers: ['prov-x'],
            date_range_start: '2026-05-01',
            date_range_end: '2026-07-01',
          }),
          references({ patient: O.none, category: O.some(categoryElsewhere), providers: [] }),
        ),
      ).to.deep.equal([
        UNKNOWN_PATIENT,
        {
          field: 'preferred_providers',
          message: 'preferred_providers contains providers who do not practise at this clinic: prov-x',
        },
        startRule('2026-05-14'),
        spanRule(30),
        CATEGORY_NOT_OFFERED,
      ])
    })
  })
})
