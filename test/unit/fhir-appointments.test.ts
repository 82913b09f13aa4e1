import { expect } from 'chai'
import { waitlistAppointment } from '../../shared/fhir/waitlist-appointment'
import { bookedAppointment, type BookingFacts } from '../../shared/fhir/booked-appointment'
import { waitlistSearchset } from '../../shared/fhir/searchset'
import { CODE_SYSTEMS, IDENTIFIER_SYSTEMS, PREFERENCES_EXTENSION_URL } from '../../shared/fhir/fhir-names'
import type { WaitlistRequestPayload } from '../../shared/waitlist-request/waitlist-request-payload'
import { expectValidFhir } from '../support/fhir-schema'
import { repoFile } from '../support/doc-examples'
import { WAITLIST_REQUEST } from '../../ingress/openapi/waitlist-request-examples'

const ID = '3f0c2a9e-4f1b-4c55-9d1e-7a0e5b6c8d90'

/**
 * docs/api.md's request, as stored (the OpenAPI document's example of it), changed once since; the second provider
 * has no title. Tests override what they are about.
 */
const request = (overrides: Record<string, unknown> = {}): WaitlistRequestPayload =>
  ({
    ...(WAITLIST_REQUEST['created']?.value as Record<string, unknown>),
    preferred_provider_details: [
      { id: 'provider-789', first_name: 'Maria', last_name: 'Lopez', title: 'DPT' },
      { id: 'provider-012', first_name: 'Sam', last_name: 'Okafor', title: '' },
    ],
    updated_at: '2026-11-25T09:12:03.511Z',
    ...overrides,
  }) as unknown as WaitlistRequestPayload

describe('a waitlist request as a FHIR Appointment (docs/fhir.md)', () => {
  it('maps every field the table names, and is valid R4', () => {
    const appointment = waitlistAppointment(request(), 3)
    expectValidFhir(appointment)
    expect(appointment).to.deep.include({
      resourceType: 'Appointment',
      id: ID,
      meta: { versionId: '3', lastUpdated: '2026-11-25T09:12:03.511Z' },
      identifier: [{ system: IDENTIFIER_SYSTEMS.waitlistRequest, value: ID }],
      status: 'waitlist',
      priority: 3,
      minutesDuration: 60,
      created: '2026-11-24T10:00:00.000Z',
      comment: 'Patient prefers morning appointments',
      requestedPeriod: [{ start: '2026-12-01', end: '2026-12-31' }],
      serviceType: [{ coding: [{ system: CODE_SYSTEMS.appointmentCategory, code: '2058' }], text: 'Physical Therapy' }],
    })
    expect(appointment.appointmentType.coding?.[0]).to.include({ code: 'INITIAL_EVAL', display: 'Initial Evaluation' })
    expect(appointment.extension).to.deep.equal([
      {
        url: PREFERENCES_EXTENSION_URL,
        extension: [
          { url: 'dayOfWeek', valueCode: 'mon' },
          { url: 'dayOfWeek', valueCode: 'wed' },
          { url: 'dayOfWeek', valueCode: 'fri' },
          { url: 'partOfDay', valueCode: 'MORNING' },
          { url: 'partOfDay', valueCode: 'AFTERNOON' },
        ],
      },
    ])
    expect(appointment.participant).to.deep.equal([
      {
        actor: {
          type: 'Patient',
          identifier: { system: IDENTIFIER_SYSTEMS.patient, value: 'patient-012' },
          display: 'Jane Doe',
        },
        required: 'required',
        status: 'accepted',
      },
      {
        actor: { type: 'Location', identifier: { system: IDENTIFIER_SYSTEMS.clinic, value: 'clinic-123' } },
        required: 'required',
        status: 'needs-action',
      },
      {
        actor: {
          type: 'Practitioner',
          identifier: { system: IDENTIFIER_SYSTEMS.provider, value: 'provider-789' },
          display: 'Maria Lopez, DPT',
        },
        required: 'information-only',
        status: 'needs-action',
      },
      {
        actor: {
          type: 'Practitioner',
          identifier: { system: IDENTIFIER_SYSTEMS.provider, value: 'provider-012' },
          display: 'Sam Okafor',
        },
        required: 'information-only',
        status: 'needs-action',
      },
    ])
  })

  it('leaves out what the request does not have: no preferences, no note, a blank note, no version', () => {
    const bare = waitlistAppointment(
      request({ preferred_days: [], preferred_time_slots: [], preferred_providers: [], notes: '' }),
    )
    expectValidFhir(bare)
    expect(bare).to.not.have.any.keys('extension', 'comment', 'start', 'end', 'cancelationReason')
    expect(bare.meta).to.deep.equal({ lastUpdated: '2026-11-25T09:12:03.511Z' })
    expect(bare.participant).to.have.length(2)
    expect(waitlistAppointment(request({ notes: null }))).to.not.have.property('comment')
  })

  it('maps each status: booked with its start and end (R4 app-3), cancelled with why', () => {
    const fulfilled = waitlistAppointment(
      request({ status: 'FULFILLED', booked_appointment: { id: 'appt-1001', start: '2026-12-07T14:30:00.000Z' } }),
    )
    expectValidFhir(fulfilled)
    expect(fulfilled).to.include({
      status: 'booked',
      start: '2026-12-07T14:30:00.000Z',
      end: '2026-12-07T15:30:00.000Z',
    })
    expect(fulfilled.participant[1]?.status).to.equal('accepted')

    const cancelled = waitlistAppointment(request({ status: 'CANCELLED', cancellation_reason: 'Moved away' }))
    expectValidFhir(cancelled)
    expect(cancelled).to.deep.include({ status: 'cancelled', cancelationReason: { text: 'Moved away' } })
    expect(waitlistAppointment(request({ status: 'CANCELLED' }))).to.not.have.property('cancelationReason')

    const expired = waitlistAppointment(request({ status: 'EXPIRED' }))
    expectValidFhir(expired)
    expect(expired.status).to.equal('cancelled')
    expect(expired.cancelationReason?.coding?.[0]).to.include({
      system: CODE_SYSTEMS.cancellationReason,
      code: 'expired',
    })
  })

  it('codes a follow-up in HL7 v2 table 0276 too', () => {
    const codes = waitlistAppointment(request({ appointment_type: 'FOLLOW_UP' })).appointmentType.coding
    expect(codes?.map((coding) => coding.code)).to.deep.equal(['FOLLOW_UP', 'FOLLOWUP'])
  })

  it('keeps the dates of the clinic’s calendar as they are, on either side of the date line', () => {
    for (const [start, end] of [
      ['2026-12-31', '2027-01-01'],
      ['2026-02-28', '2026-03-01'],
    ] as const) {
      const period = waitlistAppointment(request({ date_range_start: start, date_range_end: end })).requestedPeriod
      expect(period).to.deep.equal([{ start, end }])
    }
  })
})

describe('a page of waitlist requests as a FHIR searchset Bundle', () => {
  it('holds each request at its address, with self and next links, and is valid R4', () => {
    const appointments = [waitlistAppointment(request()), waitlistAppointment(request({ id: ID.replace('3f', '4f') }))]
    const bundle = waitlistSearchset(appointments, {
      self: 'https://w.example/apis/v1/waitlist-requests?limit=2',
      next: 'https://w.example/apis/v1/waitlist-requests?limit=2&cursor=abc',
      urlOf: (id) => `https://w.example/apis/v1/waitlist-requests/${id}`,
    })
    expectValidFhir(bundle)
    expect(bundle.link.map((link) => link.relation)).to.deep.equal(['self', 'next'])
    expect(bundle.entry?.[0]).to.deep.include({ fullUrl: `https://w.example/apis/v1/waitlist-requests/${ID}` })
    const last = waitlistSearchset([], { self: 'https://w.example/x', next: null, urlOf: String })
    expectValidFhir(last)
    expect(last).to.deep.equal({
      resourceType: 'Bundle',
      type: 'searchset',
      link: [{ relation: 'self', url: 'https://w.example/x' }],
    })
  })
})

describe('a booking as a FHIR Appointment (the opening.filled event)', () => {
  const facts = (zone: string, external: string | null = 'pms-slot-991'): BookingFacts => ({
    requestId: ID,
    patientId: 'patient-012',
    categoryId: '2058',
    timezone: zone,
    opening: {
      id: '0b6f0e2c-8a1d-4e3b-9c47-2f5d6a7b8c9d',
      clinic_id: 'clinic-123',
      provider_id: 'provider-789',
      start: '2026-12-06T19:00:00.000Z',
      end: '2026-12-06T20:00:00.000Z',
      duration_minutes: 60,
      external_id: external,
    },
  })

  it('is booked, into its slot, with every participant accepted, by ids only, and valid R4', () => {
    const appointment = bookedAppointment(facts('America/New_York'))
    expectValidFhir(appointment)
    expect(appointment).to.deep.include({
      id: ID,
      identifier: [{ system: IDENTIFIER_SYSTEMS.waitlistRequest, value: ID }],
      status: 'booked',
      slot: [{ type: 'Slot', reference: 'Slot/pms-slot-991' }],
      minutesDuration: 60,
    })
    expect(
      appointment.participant.map((one) => [one.actor.type, one.actor.identifier.value, one.status]),
    ).to.deep.equal([
      ['Patient', 'patient-012', 'accepted'],
      ['Practitioner', 'provider-789', 'accepted'],
      ['Location', 'clinic-123', 'accepted'],
    ])
    expect(JSON.stringify(appointment)).to.not.include('display')
  })

  it('writes its times on the clinic’s clock: the same instant, the clinic’s day, across the date line', () => {
    const kiritimati = bookedAppointment(facts('Pacific/Kiritimati'))
    const pagoPago = bookedAppointment(facts('Pacific/Pago_Pago'))
    expect(kiritimati).to.include({ start: '2026-12-07T09:00:00.000+14:00', end: '2026-12-07T10:00:00.000+14:00' })
    expect(pagoPago).to.include({ start: '2026-12-06T08:00:00.000-11:00', end: '2026-12-06T09:00:00.000-11:00' })
    for (const appointment of [kiritimati, pagoPago]) {
      expectValidFhir(appointment)
      expect(Date.parse(appointment.start)).to.equal(Date.parse('2026-12-06T19:00:00.000Z'))
    }
  })

  it('refers to the slot by the practice system’s id when it is one, else by its value or the opening’s UUID', () => {
    expect(bookedAppointment(facts('UTC', 'appt_991')).slot).to.deep.equal([
      { type: 'Slot', identifier: { value: 'appt_991' } },
    ])
    const ours = bookedAppointment(facts('UTC', null))
    expectValidFhir(ours)
    expect(ours.slot).to.deep.equal([
      {
        type: 'Slot',
        identifier: { system: 'urn:ietf:rfc:3986', value: 'urn:uuid:0b6f0e2c-8a1d-4e3b-9c47-2f5d6a7b8c9d' },
      },
    ])
  })
})

describe('the preferences extension’s StructureDefinition (docs/fhir/)', () => {
  it('is valid R4, defines the extension the Appointments carry, and names each sub-extension they use', () => {
    const definition = JSON.parse(repoFile('docs/fhir/StructureDefinition-waitlist-preferences.json')) as {
      url: string
      differential: { element: Array<{ sliceName?: string }> }
    }
    expectValidFhir(definition, 'the StructureDefinition')
    expect(definition.url).to.equal(PREFERENCES_EXTENSION_URL)
    const slices = definition.differential.element.flatMap((element) => element.sliceName ?? [])
    const used = waitlistAppointment(request()).extension?.[0]?.extension.map((one) => one.url)
    expect(slices).to.deep.equal([...new Set(used)])
  })
})
