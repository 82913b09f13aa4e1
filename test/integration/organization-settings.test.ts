import { readFile } from 'node:fs/promises'
import { expect } from 'chai'
import * as E from 'fp-ts/Either'
import * as O from 'fp-ts/Option'
import { DEFAULT_OFFER_POLICY } from '../../shared/reference-data/offer-policy'
import type { Organization } from '../../shared/reference-data/reference-records'
import { lookupCreateReferences } from '../../worker/reference-data/reference-data-repository'
import { seedReferenceData } from '../../worker/seed/seed-reference-data'
import { storedOfferPolicy } from '../../worker/offers/stored-policy'
import { DEMO_DATA_FILE } from '../../scripts/db-seed'
import { startStack, type TestStack } from '../support/stack'

describe('an organization’s offer policy and webhook, loaded by db:seed and read by the worker', () => {
  let stack: TestStack
  before(async () => {
    stack = await startStack({}, { worker: false })
  })
  after(async () => {
    await stack?.stop()
  })

  const seed = async (file: unknown) => {
    const result = await seedReferenceData(stack.db, file)
    if (E.isLeft(result)) return expect.fail(`expected the file to load, got ${JSON.stringify(result.left)}`)
    return result.right
  }

  /** The organization the worker's reference lookup finds for a clinic. */
  const organizationOf = async (clinicId: string): Promise<Organization> => {
    const references = await lookupCreateReferences(stack.db.models, {
      clinic_id: clinicId,
      patient_id: 'nobody',
      appointment_category_id: 'nothing',
      preferred_providers: [],
    })
    if (O.isNone(references.clinic)) return expect.fail(`clinic ${clinicId} not found`)
    return references.clinic.value.organization
  }

  const policy = {
    batch_size: 5,
    hold_seconds: 900,
    min_notice_minutes: 60,
    offer_delay_seconds: 30,
    quiet_hours: null,
    max_offers_per_patient_per_day: 2,
  }
  const webhook = { url: 'https://hooks.example.org/waitlist', secret: 'org-hook-secret-0001' }

  it('stores the policy and the webhook as given, and reads them back for the worker', async () => {
    await seed({
      organizations: [{ id: 'org-hook', name: 'Hooked', waitlist: { enabled: true, offers: policy }, webhook }],
      clinics: [{ id: 'clinic-hook', organization_id: 'org-hook', name: 'H', timezone: 'UTC' }],
    })
    expect(await organizationOf('clinic-hook')).to.deep.equal({
      id: 'org-hook',
      name: 'Hooked',
      waitlist: { enabled: true, max_span_days: 30, patient_priority: 'accept', offers: policy },
      webhook,
    })
  })

  it('replaces them on a later load: a partial policy fills in the defaults, a null webhook removes it', async () => {
    await seed({
      organizations: [
        { id: 'org-hook', name: 'Hooked', waitlist: { enabled: true, offers: { batch_size: 4 } }, webhook: null },
      ],
    })
    const organization = await organizationOf('clinic-hook')
    expect(organization.waitlist?.offers).to.deep.equal({ ...DEFAULT_OFFER_POLICY, batch_size: 4 })
    expect(organization.webhook).to.equal(null)
  })

  it('is the policy the offer rounds judge by, read in their transaction; an unknown organization gets the defaults', async () => {
    await seed({
      organizations: [{ id: 'org-hook', name: 'Hooked', waitlist: { enabled: true, offers: policy }, webhook: null }],
    })
    const policyFor = storedOfferPolicy(stack.db)
    const [stored, unknown] = await stack.sequelize.transaction(async (transaction) => [
      await policyFor('org-hook', transaction),
      await policyFor('org-nobody', transaction),
    ])
    expect(stored).to.deep.equal(policy)
    expect(unknown).to.deep.equal(DEFAULT_OFFER_POLICY)
  })

  it('changes nothing when a file with a bad policy or webhook is refused', async () => {
    await seed({ organizations: [{ id: 'org-hook', name: 'Hooked', waitlist: { enabled: true }, webhook }] })
    const refused = await seedReferenceData(stack.db, {
      organizations: [
        { id: 'org-hook', name: 'Renamed', waitlist: { enabled: true, offers: { quiet_hours: '22-07' } } },
        { id: 'org-new', name: 'New', webhook: { url: 'http://hooks.example.org/', secret: 'org-hook-secret-0002' } },
      ],
    })
    expect(E.isLeft(refused) && refused.left.map((error) => error.field)).to.deep.equal([
      'organizations[0].waitlist.offers.quiet_hours',
      'organizations[1].webhook.url',
    ])
    const organization = await organizationOf('clinic-hook')
    expect(organization.name).to.equal('Hooked')
    expect(organization.waitlist?.offers).to.deep.equal(DEFAULT_OFFER_POLICY)
    expect(organization.webhook).to.deep.equal(webhook)
    expect(await stack.db.models.Organization.count({ where: { id: 'org-new' } })).to.equal(0)
  })

  it('loads the demo data: org-1 with the default policy but no quiet hours and 20 offers a day (the story runs at any hour, again and again) and no webhook, so its events are logged', async () => {
    const demo: unknown = JSON.parse(await readFile(DEMO_DATA_FILE, 'utf8'))
    await seed(demo)
    const organization = await organizationOf('clinic-123')
    expect(organization.id).to.equal('org-1')
    expect(organization.waitlist?.offers).to.deep.equal({
      ...DEFAULT_OFFER_POLICY,
      quiet_hours: null,
      max_offers_per_patient_per_day: 20,
    })
    expect(organization.webhook).to.equal(null)
  })
})
