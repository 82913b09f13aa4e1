import { randomUUID } from 'node:crypto'
import { expect } from 'chai'
import { DateTime } from 'luxon'
import { IDENTIFIER_SYSTEMS } from '../../shared/fhir/fhir-names'
import { call, startStack, type ApiAnswer, type TestStack } from '../support/stack'
import { clinicDate, zoneOf } from '../support/fixtures'
import { filed, list, pathOf } from '../support/lifecycle'
import { OPENINGS_PATH } from '../support/openings'
import { patientToken, staffToken } from '../support/tokens'
import { expectValidFhir } from '../support/fhir-schema'
import { FHIR_JSON, expressionsOf, getFhir, postFhir, slotFor } from '../support/fhir'

/** A FHIR answer: its media type, and a document valid by HL7's R4 schema. */
const fhirOf = (answer: ApiAnswer, status: number) => {
  expect(answer.status, answer.text).to.equal(status)
  expect(answer.headers.get('content-type')).to.equal(`${FHIR_JSON}; fhirVersion=4.0; charset=utf-8`)
  expectValidFhir(answer.body, `the answer ${answer.text}`)
  return answer.body
}

/**
 * The FHIR forms of the API (docs/fhir.md) over HTTP: waitlist requests read and listed as Appointments, Slots
 * posted as openings, on both sides of the date line, under the JSON form's access rules; every document answered
 * is checked against HL7's R4 JSON schema.
 */
describe('FHIR R4: waitlist requests as Appointments, Slots as openings', function () {
  this.timeout(60_000)
  let stack: TestStack
  const staff = staffToken('org-a')

  before(async () => {
    stack = await startStack()
  })
  after(async () => {
    await stack?.stop()
  })

  describe('a waitlist request as an Appointment', () => {
    it('answers the request as the JSON form has it, its dates those of the clinic’s calendar across the date line', async () => {
      // Kiritimati (UTC+14) and Pago Pago (UTC−11) are 25 hours apart: "today" there is two different days.
      for (const clinic of ['clinic-a2', 'clinic-a3']) {
        const today = clinicDate(clinic, 0)
        const provider = clinic === 'clinic-a2' ? 'prov-a3' : 'prov-a2'
        const json = await filed(stack, patientToken(), {
          clinic_id: clinic,
          preferred_providers: [provider],
          date_range_start: today,
          date_range_end: clinicDate(clinic, 1),
          priority: 2,
        })
        const answer = await getFhir(stack, pathOf(json['id']), patientToken())
        const appointment = fhirOf(answer, 200)
        expect(answer.headers.get('etag')).to.equal('"1"')
        expect(answer.headers.get('vary')).to.include('Accept')
        expect(appointment).to.deep.include({
          resourceType: 'Appointment',
          id: json['id'],
          meta: { versionId: '1', lastUpdated: json['updated_at'] },
          status: 'waitlist',
          priority: 2,
          minutesDuration: json['appointment_duration'],
          created: json['created_at'],
          comment: json['notes'],
          requestedPeriod: [{ start: today, end: clinicDate(clinic, 1) }],
        })
        // Back to the JSON form: the same request, field by field.
        const participant = (type: string) =>
          appointment.participant.filter((one: { actor: { type: string } }) => one.actor.type === type)
        expect(participant('Patient')[0].actor.identifier.value).to.equal(json['patient_id'])
        expect(participant('Location')[0].actor.identifier.value).to.equal(clinic)
        expect(
          participant('Practitioner').map(
            (one: { actor: { identifier: { value: string } } }) => one.actor.identifier.value,
          ),
        ).to.deep.equal([provider])
        expect(appointment.serviceType[0].coding[0].code).to.equal(json['appointment_category_id'])
        expect(appointment.appointmentType.coding[0].code).to.equal(json['appointment_type'])
        expect(appointment.extension[0].extension.map((one: { valueCode: string }) => one.valueCode)).to.deep.equal([
          'mon',
          'wed',
          'fri',
          'MORNING',
          'AFTERNOON',
        ])
      }
    })

    it('keeps JSON for any other Accept, and gives FHIR for fhirVersion 4.0 too', async () => {
      const { id } = await filed(stack, patientToken())
      for (const accept of ['*/*', 'application/json', 'text/html', `${FHIR_JSON};q=0.5, application/json`]) {
        const answer = await call(stack, 'GET', pathOf(id), { token: patientToken(), headers: { Accept: accept } })
        expect(answer.status, accept).to.equal(200)
        expect(answer.body.data.id, accept).to.equal(id)
      }
      const versioned = await call(stack, 'GET', pathOf(id), {
        token: patientToken(),
        headers: { Accept: `${FHIR_JSON}; fhirVersion=4.0` },
      })
      expect(fhirOf(versioned, 200).id).to.equal(id)
    })

    it('answers another patient, another organization and an unknown id alike: the JSON form’s 404, as an OperationOutcome', async () => {
      const { id } = await filed(stack, patientToken())
      const unknown = await getFhir(stack, pathOf(randomUUID()), patientToken())
      const outcome = fhirOf(unknown, 404)
      expect(outcome.issue).to.deep.equal([
        { severity: 'error', code: 'not-found', diagnostics: 'waitlist request not found' },
      ])
      for (const token of [patientToken('pat-a2', 'user-pat-a2'), staffToken('org-b')]) {
        const refused = await getFhir(stack, pathOf(id), token)
        expect(refused.status).to.equal(404)
        expect(refused.body).to.deep.equal(outcome)
        expect((await call(stack, 'GET', pathOf(id), { token })).status).to.equal(404)
      }
      const noToken = fhirOf(await getFhir(stack, pathOf(id)), 401)
      expect(noToken.issue[0]).to.include({ code: 'login', diagnostics: 'missing bearer token' })
    })

    it('shows an ended request as R4 has it: booked with its time, cancelled with its reason', async () => {
      const fulfilled = await filed(stack, patientToken())
      const booked = await call(stack, 'POST', `${pathOf(fulfilled['id'])}/fulfill`, {
        token: staff,
        body: { appointment_id: 'appt-1001', appointment_start: `${clinicDate('clinic-a1', 8)}T09:30:00-05:00` },
      })
      expect(booked.status, booked.text).to.equal(200)
      const appointment = fhirOf(await getFhir(stack, pathOf(fulfilled['id']), patientToken()), 200)
      expect(appointment).to.include({ status: 'booked', start: booked.body.data.booked_appointment.start })
      expect(Date.parse(appointment.end) - Date.parse(appointment.start)).to.equal(60 * 60_000)

      const cancelled = await filed(stack, patientToken())
      await call(stack, 'POST', `${pathOf(cancelled['id'])}/cancel`, {
        token: patientToken(),
        body: { reason: 'Moved away' },
      })
      expect(fhirOf(await getFhir(stack, pathOf(cancelled['id']), patientToken()), 200)).to.deep.include({
        status: 'cancelled',
        cancelationReason: { text: 'Moved away' },
      })
    })
  })

  describe('the list as a searchset Bundle', () => {
    it('pages with next links built from the cursor, each entry the Appointment a read gives', async () => {
      const patient = patientToken('pat-a2', 'user-pat-a2')
      const ids: string[] = []
      for (let n = 0; n < 3; n += 1) ids.push((await filed(stack, patient))['id'])
      const seen: string[] = []
      let path: string | undefined = '/apis/v1/waitlist-requests?sort=created_at&limit=2'
      while (path !== undefined) {
        const bundle = fhirOf(await getFhir(stack, path, patient), 200)
        expect(bundle).to.include({ resourceType: 'Bundle', type: 'searchset' })
        expect(bundle.link[0]).to.deep.equal({ relation: 'self', url: `${stack.config.PUBLIC_BASE_URL}${path}` })
        for (const entry of bundle.entry ?? []) {
          expect(entry.fullUrl).to.equal(`${stack.config.PUBLIC_BASE_URL}${pathOf(entry.resource.id)}`)
          const read = await getFhir(stack, pathOf(entry.resource.id), patient)
          const { meta: _, ...listed } = entry.resource
          const { meta: __, ...alone } = read.body
          expect(listed).to.deep.equal(alone)
          seen.push(entry.resource.id)
        }
        const next = bundle.link.find((link: { relation: string }) => link.relation === 'next')
        path = next === undefined ? undefined : new URL(next.url).pathname + new URL(next.url).search
      }
      // Only the patient's own, each once, in the JSON list's order.
      const json = await list(stack, patient, '?sort=created_at&limit=100')
      expect(seen).to.deep.equal(json.body.data.items.map((item: { id: string }) => item.id))
      expect(seen).to.include.members(ids)
    })

    it('refuses a bad query as the JSON form does, as an OperationOutcome', async () => {
      const refused = fhirOf(await getFhir(stack, '/apis/v1/waitlist-requests?status=NOPE&limit=0', staff), 400)
      expect(refused.issue.map((issue: { diagnostics: string }) => issue.diagnostics)).to.deep.equal([
        'status must be one of ACTIVE, FULFILLED, CANCELLED, EXPIRED',
        'limit must be an integer from 1 to 100',
      ])
    })
  })

  describe('a Slot as an opening', () => {
    /** Tomorrow at `time` on the clinic's clock. */
    const tomorrowAt = (clinic: string, time: string) =>
      DateTime.fromISO(`${clinicDate(clinic, 1)}T${time}`, { zone: zoneOf(clinic) })

    it('opens the slot the JSON form would, on either side of the date line, and answers it as a Slot', async () => {
      for (const [clinic, provider] of [
        ['clinic-a2', 'prov-a3'],
        ['clinic-a3', 'prov-a2'],
      ] as const) {
        const start = tomorrowAt(clinic, '09:00')
        const sent = slotFor(clinic, provider, start, { id: `ehr-slot-${clinic}` })
        const answer = await postFhir(stack, OPENINGS_PATH, staff, sent)
        const slot = fhirOf(answer, 201)
        expect(answer.headers.get('location')).to.equal(`${OPENINGS_PATH}/${slot.id}`)
        expect(slot).to.deep.include({
          status: 'free',
          identifier: [{ value: `ehr-slot-${clinic}` }],
          contained: (sent as { contained: unknown }).contained,
          schedule: { reference: '#schedule' },
          serviceType: sent['serviceType'],
        })
        expect(Date.parse(slot.start)).to.equal(start.toMillis())
        expect(Date.parse(slot.end)).to.equal(start.plus({ hours: 1 }).toMillis())

        // The JSON form of what was stored.
        const opening = (await call(stack, 'GET', `${OPENINGS_PATH}/${slot.id}`, { token: staff })).body.data
        expect(opening).to.deep.include({
          clinic_id: clinic,
          provider_id: provider,
          start: start.toUTC().toISO(),
          duration_minutes: 60,
          appointment_category_ids: ['cat-eval'],
          external_id: `ehr-slot-${clinic}`,
          status: 'OPEN',
        })
        // The same Slot again is the same opening, as the same external_id is in JSON.
        expect(fhirOf(await postFhir(stack, OPENINGS_PATH, staff, sent), 201).id).to.equal(slot.id)
      }
    })

    it('takes the first identifier as the external id when the Slot has no id', async () => {
      const sent = slotFor('clinic-a1', 'prov-a1', tomorrowAt('clinic-a1', '11:00'), {
        identifier: [
          { system: 'https://ehr.example.org/slots' },
          { system: 'https://ehr.example.org/slots', value: 'S/991' },
        ],
      })
      const slot = fhirOf(await postFhir(stack, OPENINGS_PATH, staff, sent), 201)
      expect(slot.identifier).to.deep.equal([{ value: 'S/991' }])
    })

    it('refuses what is not an R4 Slot with 400, naming each element by its FHIRPath', async () => {
      const { start: _, ...noStart } = slotFor('clinic-a1', 'prov-a1', tomorrowAt('clinic-a1', '09:00'))
      const refused = fhirOf(
        await postFhir(stack, OPENINGS_PATH, staff, { ...noStart, status: 'open', end: '2026-12-01T09:00' }),
        400,
      )
      expect(expressionsOf(refused)).to.deep.equal(['Slot.status', 'Slot.start', 'Slot.end'])
      expect(refused.issue[1]).to.include({ code: 'invalid', diagnostics: 'Slot.start is required' })
      const notASlot = fhirOf(await postFhir(stack, OPENINGS_PATH, staff, { resourceType: 'Appointment' }), 400)
      expect(expressionsOf(notASlot)[0]).to.equal('Slot.resourceType')
      const notJson = fhirOf(await postFhir(stack, OPENINGS_PATH, staff, '{"resourceType": '), 400)
      expect(notJson.issue[0].diagnostics).to.equal('request body is not valid JSON')
    })

    it('refuses a Slot the service cannot open with 422, every fault at once, at its FHIRPath', async () => {
      const start = tomorrowAt('clinic-a1', '09:00')
      const sent = slotFor('clinic-a1', 'prov-a1', start, {
        status: 'busy',
        end: start.plus({ minutes: 90, seconds: 30 }).toISO(),
        contained: [{ resourceType: 'Schedule', id: 'schedule', actor: [{ reference: 'Location/1' }] }],
      })
      const refused = fhirOf(await postFhir(stack, OPENINGS_PATH, staff, sent), 422)
      expect(expressionsOf(refused)).to.deep.equal([
        'Slot.contained[0].actor',
        'Slot.contained[0].actor',
        'Slot.end',
        'Slot.status',
      ])
      expect(refused.issue.every((issue: { code: string }) => issue.code === 'business-rule')).to.equal(true)

      const past = slotFor('clinic-a1', 'prov-a1', DateTime.now().minus({ days: 1 }).setZone('America/New_York'))
      const late = fhirOf(await postFhir(stack, OPENINGS_PATH, staff, past), 422)
      expect(late.issue).to.deep.equal([
        {
          severity: 'error',
          code: 'business-rule',
          diagnostics: 'start must be in the future',
          expression: ['Slot.start'],
        },
      ])
    })

    it('reports the worker’s refusals at the element they came from: a provider not at the clinic, another organization’s clinic', async () => {
      const elsewhere = slotFor('clinic-a1', 'prov-a3', tomorrowAt('clinic-a1', '09:00'))
      const refused = fhirOf(await postFhir(stack, OPENINGS_PATH, staff, elsewhere), 422)
      expect(refused.issue).to.deep.equal([
        {
          severity: 'error',
          code: 'business-rule',
          diagnostics: 'provider_id does not name a provider practising at this clinic',
          expression: ['Slot.contained[0].actor[1].identifier.value'],
        },
      ])
      const foreign = slotFor('clinic-b1', 'prov-b1', tomorrowAt('clinic-b1', '09:00'))
      expect(expressionsOf(fhirOf(await postFhir(stack, OPENINGS_PATH, staff, foreign), 422))).to.include(
        'Slot.contained[0].actor[0].identifier.value',
      )
    })

    it('refuses a patient as the JSON form does, and a body of another type in the envelope', async () => {
      const slot = slotFor('clinic-a1', 'prov-a1', tomorrowAt('clinic-a1', '09:00'))
      const forbidden = fhirOf(await postFhir(stack, OPENINGS_PATH, patientToken(), slot), 403)
      expect(forbidden.issue[0]).to.include({ code: 'forbidden' })
      const text = await call(stack, 'POST', OPENINGS_PATH, {
        token: staff,
        body: JSON.stringify(slot),
        headers: { 'Content-Type': 'text/plain' },
      })
      expect(text.status).to.equal(415)
      expect(text.body.message).to.equal('Content-Type must be application/json or application/fhir+json')
    })
  })

  it('names its identifiers in the systems docs/fhir.md lists', () => {
    expect(IDENTIFIER_SYSTEMS.clinic).to.match(/^https:\/\/.+\/sid\/clinic-id$/)
  })
})
