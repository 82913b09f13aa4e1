import { expect } from 'chai'
import * as E from 'fp-ts/Either'
import type { FieldError } from '../../shared/errors/field-error'
import {
  validateReferenceDataFile,
  type KnownIds,
  type ReferenceDataFile,
} from '../../shared/reference-data/reference-data-file'
import { DEFAULT_MAX_SPAN_DAYS } from '../../shared/reference-data/reference-records'
import { DEFAULT_OFFER_POLICY } from '../../shared/reference-data/offer-policy'

const nothingKnown: KnownIds = { organizations: new Set(), clinics: new Set() }

/** The shape docs/reference-data.md shows, with a second clinic so positions other than 0 are exercised. */
const goodFile = () => ({
  organizations: [
    {
      id: 'org-1',
      name: 'Org One',
      waitlist: {
        enabled: true,
        max_span_days: 60,
        patient_priority: 'accept',
        offers: {
          batch_size: 3,
          hold_seconds: 1800,
          min_notice_minutes: 120,
          offer_delay_seconds: 0,
          quiet_hours: { start: '20:00', end: '08:00' },
          max_offers_per_patient_per_day: 3,
        },
      },
      webhook: { url: 'https://hooks.example.org/waitlist', secret: 'a-secret-of-at-least-16' },
    } as Record<string, unknown>,
  ],
  clinics: [
    { id: 'clinic-123', organization_id: 'org-1', name: 'Downtown', timezone: 'America/New_York' },
    { id: 'clinic-456', organization_id: 'org-1', name: 'Uptown', timezone: 'Pacific/Auckland' },
  ],
  providers: [
    { id: 'provider-789', clinic_ids: ['clinic-123'], first_name: 'Maria', last_name: 'Lopez', title: 'DPT' },
  ],
  patients: [{ id: 'patient-012', organization_id: 'org-1', first_name: 'Jane', last_name: 'Doe' }],
  appointment_categories: [
    {
      id: '2058',
      clinic_ids: ['clinic-123', 'clinic-456'],
      name: 'Physical Therapy',
      appointment_type: 'INITIAL_EVAL',
      duration_minutes: 60,
    },
  ],
})

const loaded = (input: unknown, known: KnownIds = nothingKnown): ReferenceDataFile => {
  const result = validateReferenceDataFile(input, known)
  if (E.isLeft(result)) return expect.fail(`expected the file to load, got ${JSON.stringify(result.left)}`)
  return result.right
}

const refused = (input: unknown, known: KnownIds = nothingKnown): Array<FieldError> => {
  const result = validateReferenceDataFile(input, known)
  if (E.isRight(result)) return expect.fail(`expected the file to be refused, got ${JSON.stringify(result.right)}`)
  return result.left
}

describe('validateReferenceDataFile (docs/reference-data.md)', () => {
  describe('good files', () => {
    it('loads the file shape docs/reference-data.md shows, unchanged', () => {
      expect(loaded(goodFile())).to.deep.equal(goodFile())
    })

    it('defaults every missing section to []', () => {
      expect(loaded({})).to.deep.equal({
        organizations: [],
        clinics: [],
        providers: [],
        patients: [],
        appointment_categories: [],
      })
      expect(loaded({ organizations: [{ id: 'org-1', name: 'Org One' }] }).clinics).to.deep.equal([])
    })

    it('treats an absent or null waitlist as not configured (null)', () => {
      const file = loaded({
        organizations: [
          { id: 'org-1', name: 'No settings' },
          { id: 'org-2', name: 'Null settings', waitlist: null },
        ],
      })
      expect(file.organizations.map((o) => o.waitlist)).to.deep.equal([null, null])
    })

    it(`defaults an absent max_span_days to ${DEFAULT_MAX_SPAN_DAYS} and patient_priority to accept`, () => {
      expect(DEFAULT_MAX_SPAN_DAYS).to.equal(30)
      const file = loaded({ organizations: [{ id: 'org-1', name: 'Org', waitlist: { enabled: true } }] })
      expect(file.organizations[0]?.waitlist).to.deep.equal({
        enabled: true,
        max_span_days: 30,
        patient_priority: 'accept',
        offers: DEFAULT_OFFER_POLICY,
      })
    })

    it('keeps a disabled waitlist as configured-but-off', () => {
      const file = loaded({ organizations: [{ id: 'org-1', name: 'Org', waitlist: { enabled: false } }] })
      expect(file.organizations[0]?.waitlist).to.deep.equal({
        enabled: false,
        max_span_days: 30,
        patient_priority: 'accept',
        offers: DEFAULT_OFFER_POLICY,
      })
    })

    it('takes patient_priority ignore, and refuses any other value naming it', () => {
      const file = loaded({
        organizations: [{ id: 'org-1', name: 'Org', waitlist: { enabled: true, patient_priority: 'ignore' } }],
      })
      expect(file.organizations[0]?.waitlist?.patient_priority).to.equal('ignore')
      const errors = refused({
        organizations: [{ id: 'org-1', name: 'Org', waitlist: { enabled: true, patient_priority: 'never' } }],
      })
      expect(errors.map((error) => error.field)).to.deep.equal(['organizations[0].waitlist.patient_priority'])
    })

    it('accepts references to organizations and clinics loaded by an earlier file', () => {
      const known: KnownIds = { organizations: new Set(['org-old']), clinics: new Set(['clinic-old']) }
      const file = {
        clinics: [{ id: 'clinic-new', organization_id: 'org-old', name: 'New', timezone: 'UTC' }],
        patients: [{ id: 'patient-new', organization_id: 'org-old', first_name: 'A', last_name: 'B' }],
        providers: [
          { id: 'prov-new', clinic_ids: ['clinic-old', 'clinic-new'], first_name: 'A', last_name: 'B', title: '' },
        ],
        appointment_categories: [
          {
            id: 'cat-new',
            clinic_ids: ['clinic-old'],
            name: 'Rehab',
            appointment_type: 'FOLLOW_UP',
            duration_minutes: 30,
          },
        ],
      }
      expect(loaded(file, known).clinics).to.have.length(1)
    })

    it('lets the same id appear in different sections', () => {
      expect(
        loaded({
          organizations: [{ id: 'same', name: 'Org' }],
          clinics: [{ id: 'same', organization_id: 'same', name: 'Clinic', timezone: 'UTC' }],
        }).clinics,
      ).to.have.length(1)
    })

    it('drops fields the file format does not define', () => {
      const file = loaded({
        organizations: [{ id: 'org-1', name: 'Org', secret: 'x', waitlist: { enabled: true, colour: 'red' } }],
        extra_section: [1, 2, 3],
      })
      expect(file).not.to.have.property('extra_section')
      expect(file.organizations[0]).to.deep.equal({
        id: 'org-1',
        name: 'Org',
        waitlist: { enabled: true, max_span_days: 30, patient_priority: 'accept', offers: DEFAULT_OFFER_POLICY },
        webhook: null,
      })
    })
  })

  describe('bad entries refuse the whole file, naming the entry', () => {
    it('refuses a clinic with an unknown time zone, naming clinics[1]', () => {
      const file = goodFile()
      file.clinics[1] = { id: 'clinic-456', organization_id: 'org-1', name: 'Uptown', timezone: 'Mars/Olympus_Mons' }
      const errors = refused(file)
      expect(errors).to.have.length(1)
      expect(errors[0]?.field).to.equal('clinics[1].timezone')
      expect(errors[0]?.message).to.include('clinics[1]')
    })

    it('refuses time zones written as offsets or abbreviations that are not IANA names', () => {
      for (const timezone of ['', 'Not/AZone', 'America/New York', 'GMT+25']) {
        const file = goodFile()
        file.clinics[0] = { id: 'clinic-123', organization_id: 'org-1', name: 'Downtown', timezone }
        expect(refused(file).map((error) => error.field)).to.deep.equal(['clinics[0].timezone'])
      }
    })

    it('refuses a repeated id within a section, naming the repeat', () => {
      const file = goodFile()
      file.clinics.push({ ...file.clinics[0]!, name: 'Again' })
      expect(refused(file)).to.deep.equal([{ field: 'clinics[2].id', message: 'clinics[2] repeats id clinic-123' }])
    })

    it('refuses a clinic whose organization is neither in the file nor already known', () => {
      const file = goodFile()
      file.clinics[1] = { id: 'clinic-456', organization_id: 'org-x', name: 'Uptown', timezone: 'UTC' }
      expect(refused(file)).to.deep.equal([
        { field: 'clinics[1].organization_id', message: 'clinics[1] refers to unknown organization org-x' },
      ])
    })

    it('refuses a patient whose organization is unknown', () => {
      const file = goodFile()
      file.patients[0] = { id: 'patient-012', organization_id: 'org-x', first_name: 'Jane', last_name: 'Doe' }
      expect(refused(file)).to.deep.equal([
        { field: 'patients[0].organization_id', message: 'patients[0] refers to unknown organization org-x' },
      ])
    })

    it('refuses a provider who practises at an unknown clinic, naming each unknown clinic', () => {
      const file = goodFile()
      file.providers[0] = {
        id: 'provider-789',
        clinic_ids: ['clinic-123', 'clinic-x', 'clinic-y'],
        first_name: 'Maria',
        last_name: 'Lopez',
        title: 'DPT',
      }
      expect(refused(file)).to.deep.equal([
        { field: 'providers[0].clinic_ids', message: 'providers[0] refers to unknown clinic clinic-x' },
        { field: 'providers[0].clinic_ids', message: 'providers[0] refers to unknown clinic clinic-y' },
      ])
    })

    it('refuses a category offered at an unknown clinic', () => {
      const file = goodFile()
      file.appointment_categories[0] = { ...file.appointment_categories[0]!, clinic_ids: ['clinic-x'] }
      expect(refused(file)).to.deep.equal([
        {
          field: 'appointment_categories[0].clinic_ids',
          message: 'appointment_categories[0] refers to unknown clinic clinic-x',
        },
      ])
    })

    it('reports repeated ids and dangling references together', () => {
      const file = goodFile()
      file.organizations.push({
        id: 'org-1',
        name: 'Again',
        waitlist: { enabled: true, max_span_days: 1, patient_priority: 'accept' },
      })
      file.patients[0] = { id: 'patient-012', organization_id: 'org-x', first_name: 'Jane', last_name: 'Doe' }
      expect(refused(file).map((error) => error.message)).to.deep.equal([
        'organizations[1] repeats id org-1',
        'patients[0] refers to unknown organization org-x',
      ])
    })

    const badEntries: ReadonlyArray<[string, Record<string, unknown>, string]> = [
      ['an organization without a name', { organizations: [{ id: 'org-1' }] }, 'organizations[0].name'],
      ['a blank organization name', { organizations: [{ id: 'org-1', name: '  ' }] }, 'organizations[0].name'],
      ['an id with a space', { organizations: [{ id: 'org 1', name: 'Org' }] }, 'organizations[0].id'],
      ['a name with NUL', { organizations: [{ id: 'org-1', name: 'Org\u0000' }] }, 'organizations[0].name'],
      [
        'a name with an unpaired surrogate',
        { patients: [{ id: 'p', organization_id: 'org-1', first_name: 'Ja\ud800ne', last_name: 'Doe' }] },
        'patients[0].first_name',
      ],
      [
        'a title with an unpaired surrogate',
        { providers: [{ id: 'p', clinic_ids: ['x'], first_name: 'A', last_name: 'B', title: '\udc00' }] },
        'providers[0].title',
      ],
      [
        'max_span_days of 0',
        { organizations: [{ id: 'org-1', name: 'Org', waitlist: { enabled: true, max_span_days: 0 } }] },
        'organizations[0].waitlist.max_span_days',
      ],
      [
        'max_span_days of 2.5',
        { organizations: [{ id: 'org-1', name: 'Org', waitlist: { enabled: true, max_span_days: 2.5 } }] },
        'organizations[0].waitlist.max_span_days',
      ],
      [
        'a waitlist without enabled',
        { organizations: [{ id: 'org-1', name: 'Org', waitlist: { max_span_days: 30 } }] },
        'organizations[0].waitlist.enabled',
      ],
      [
        'a provider practising nowhere',
        { providers: [{ id: 'p', clinic_ids: [], first_name: 'A', last_name: 'B', title: 'PT' }] },
        'providers[0].clinic_ids',
      ],
      [
        'a category with an unknown appointment_type',
        {
          appointment_categories: [
            { id: 'c', clinic_ids: ['x'], name: 'N', appointment_type: 'Initial Evaluation', duration_minutes: 60 },
          ],
        },
        'appointment_categories[0].appointment_type',
      ],
      [
        'a category lasting 0 minutes',
        {
          appointment_categories: [
            { id: 'c', clinic_ids: ['x'], name: 'N', appointment_type: 'FOLLOW_UP', duration_minutes: 0 },
          ],
        },
        'appointment_categories[0].duration_minutes',
      ],
      ['a section that is not an array', { clinics: { id: 'clinic-1' } }, 'clinics'],
    ]
    for (const [what, file, field] of badEntries) {
      it(`refuses ${what}, naming ${field}`, () => {
        const errors = refused(file)
        expect(errors.map((error) => error.field)).to.include(field)
        for (const error of errors) expect(error.message).to.include(error.field)
      })
    }

    for (const input of [null, [], 'file', 42]) {
      it(`refuses ${JSON.stringify(input)} as a file`, () => {
        expect(refused(input)).to.have.length.greaterThan(0)
      })
    }
  })

  describe('offer policy (waitlist.offers) and webhook', () => {
    const SECRET = 'sixteen-chars-ok'
    const organization = (fields: Record<string, unknown>) => ({ id: 'org-1', name: 'Org', ...fields })
    const first = (input: unknown) => loaded({ organizations: [input] }).organizations[0]

    it('defaults an absent or null policy and keeps quiet_hours null (off) apart from absent (the default)', () => {
      expect(first(organization({ waitlist: { enabled: true } }))?.waitlist?.offers).to.deep.equal(DEFAULT_OFFER_POLICY)
      expect(first(organization({ waitlist: { enabled: true, offers: null } }))?.waitlist?.offers).to.deep.equal(
        DEFAULT_OFFER_POLICY,
      )
      const quiet = first(organization({ waitlist: { enabled: true, offers: { quiet_hours: null, batch_size: 5 } } }))
      expect(quiet?.waitlist?.offers).to.deep.equal({ ...DEFAULT_OFFER_POLICY, quiet_hours: null, batch_size: 5 })
    })

    it('reads an absent or null webhook as none', () => {
      expect(first(organization({}))?.webhook).to.equal(null)
      expect(first(organization({ webhook: null }))?.webhook).to.equal(null)
    })

    it('takes an https URL anywhere and an http URL only to this machine', () => {
      for (const url of [
        'https://hooks.example.org/waitlist?tenant=1',
        'http://127.0.0.1:8080/hooks',
        'http://localhost/hooks',
        'http://[::1]:9000/',
      ])
        expect(first(organization({ webhook: { url, secret: SECRET } }))?.webhook).to.deep.equal({
          url,
          secret: SECRET,
        })
    })

    it('refuses a bad policy field with its own rule and loads nothing of the file', () => {
      const file = goodFile()
      const errors = refused({
        ...file,
        organizations: [
          ...file.organizations,
          organization({ id: 'org-2', waitlist: { enabled: true, offers: { batch_size: 0 } } }),
        ],
      })
      expect(errors).to.deep.equal([
        {
          field: 'organizations[1].waitlist.offers.batch_size',
          message: 'organizations[1].waitlist.offers.batch_size must be a whole number from 1 to 50',
        },
      ])
    })

    const badWebhooks: ReadonlyArray<[string, unknown, string, string]> = [
      ['a string', 'https://hooks.example.org', 'organizations[0].webhook', 'must be an object'],
      [
        'plain http to another host',
        { url: 'http://hooks.example.org/x', secret: SECRET },
        'organizations[0].webhook.url',
        'https',
      ],
      ['another scheme', { url: 'ftp://hooks.example.org/x', secret: SECRET }, 'organizations[0].webhook.url', 'https'],
      ['no URL at all', { url: 'hooks.example.org', secret: SECRET }, 'organizations[0].webhook.url', 'https'],
      [
        'a URL with a password',
        { url: 'https://user:pw@hooks.example.org/', secret: SECRET },
        'organizations[0].webhook.url',
        'without user or password',
      ],
      ['no secret', { url: 'https://hooks.example.org/' }, 'organizations[0].webhook.secret', '16 to 256 characters'],
      [
        'a short secret',
        { url: 'https://hooks.example.org/', secret: 'fifteen-chars-x' },
        'organizations[0].webhook.secret',
        '16 to 256',
      ],
      [
        'a secret with surrounding spaces',
        { url: 'https://hooks.example.org/', secret: ` ${SECRET}` },
        'organizations[0].webhook.secret',
        'surrounding spaces',
      ],
    ]
    for (const [what, webhook, field, rule] of badWebhooks) {
      it(`refuses a webhook with ${what}, naming ${field}`, () => {
        const errors = refused({ organizations: [organization({ webhook })] })
        expect(errors).to.have.length(1)
        expect(errors[0]?.field).to.equal(field)
        expect(errors[0]?.message).to.include(field).and.to.include(rule)
      })
    }

    it('never repeats a refused secret in its message', () => {
      const secret = 'short-secret'
      const errors = refused({ organizations: [organization({ webhook: { url: 'https://x.example', secret } })] })
      expect(JSON.stringify(errors)).not.to.include(secret)
    })
  })
})
