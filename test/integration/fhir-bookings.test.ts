import { expect } from 'chai'
import * as E from 'fp-ts/Either'
import { DateTime } from 'luxon'
import { OutboxEvent } from '../../shared/events/outbox-event'
import { CODE_SYSTEMS, IDENTIFIER_SYSTEMS } from '../../shared/fhir/fhir-names'
import { eventually } from '../support/eventually'
import { expectValidFhir } from '../support/fhir-schema'
import { getFhir, postFhir, slotFor } from '../support/fhir'
import { pathOf } from '../support/lifecycle'
import { recordOffers } from '../support/offer-recorder'
import {
  CATEGORY,
  CLINIC,
  CLINIC_ELSEWHERE,
  ORG,
  PROVIDER,
  answerOffer,
  asPatient,
  asStaff,
  fileRequest,
  offersWhen,
  patient,
  seedOfferOrganization,
} from '../support/offers'
import { OPENINGS_PATH } from '../support/openings'
import { startStack, type TestStack } from '../support/stack'
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver'

const ZONES = { [CLINIC]: 'Pacific/Kiritimati', [CLINIC_ELSEWHERE]: 'Pacific/Pago_Pago' } as const

/**
 * A booking end to end in FHIR (docs/fhir.md#a-booking-in-the-webhook): a practice system's Slot opened, offered,
 * accepted, and the `opening.filled` its webhook receives carrying the booked Appointment, valid R4, on the clinic's
 * clock on both sides of the date line, the same Appointment the request then reads as.
 */
describe('FHIR R4: a booking reaches the webhook as the booked Appointment', function () {
  this.timeout(60_000)
  const recorder = recordOffers()
  let stack: TestStack
  let receiver: WebhookReceiver

  before(async () => {
    stack = await startStack({}, { offers: recorder.ports })
    receiver = await startWebhookReceiver()
    await seedOfferOrganization(
      stack,
      { clinic: ZONES[CLINIC], elsewhere: ZONES[CLINIC_ELSEWHERE] },
      { url: receiver.url, secret: 'fhir-bookings-webhook-secret' },
    )
    recorder.setPolicy(ORG, { quiet_hours: null, batch_size: 1 })
  })
  after(async () => {
    await stack?.stop()
    await receiver?.stop()
  })

  /** The opening.filled the receiver took for the opening. */
  const filledEvent = (openingId: string) =>
    eventually(
      async () =>
        receiver
          .deliveries()
          .map((delivery) => OutboxEvent.decode(JSON.parse(delivery.body)))
          .flatMap((decoded) => (E.isRight(decoded) ? [decoded.right] : []))
          .find((event) => event.type === 'opening.filled' && event.data.opening_id === openingId),
      20_000,
    )

  for (const [n, clinic] of [
    [1, CLINIC],
    [2, CLINIC_ELSEWHERE],
  ] as const) {
    it(`books a Slot of ${clinic} (${ZONES[clinic]}) and sends the Appointment on the clinic's clock`, async () => {
      const zone = ZONES[clinic]
      const start = DateTime.fromISO(`${DateTime.now().setZone(zone).plus({ days: 2 }).toISODate()}T09:00`, { zone })
      const requestId = await fileRequest(stack, n, start, { clinic_id: clinic })
      const sent = slotFor(clinic, PROVIDER, start, {
        id: `ehr-slot-${n}`,
        serviceType: [
          {
            coding: [{ system: CODE_SYSTEMS.appointmentCategory, code: CATEGORY }],
          },
        ],
      })
      const opened = await postFhir(stack, OPENINGS_PATH, asStaff(), sent)
      expect(opened.status, opened.text).to.equal(201)
      const [offer] = await offersWhen(stack, opened.body.id, (rows) => rows.length === 1)
      const accepted = await answerOffer(stack, 'accept', offer!.id, asPatient(patient(n)))
      expect(accepted.status, accepted.text).to.equal(200)

      const event = await filledEvent(opened.body.id)
      if (event?.type !== 'opening.filled') return expect.fail('no opening.filled')
      const appointment = event.data.appointment
      expectValidFhir(appointment, 'the booked Appointment')
      expect(appointment).to.deep.include({
        resourceType: 'Appointment',
        id: requestId,
        identifier: [{ system: IDENTIFIER_SYSTEMS.waitlistRequest, value: requestId }],
        status: 'booked',
        // The practice system's own clock and day, as it sent them.
        start: start.toISO(),
        end: start.plus({ hours: 1 }).toISO(),
        minutesDuration: 60,
        slot: [{ type: 'Slot', reference: `Slot/ehr-slot-${n}` }],
      })
      expect(appointment?.participant.map((one) => [one.actor.identifier.value, one.status])).to.deep.equal([
        [patient(n), 'accepted'],
        [PROVIDER, 'accepted'],
        [clinic, 'accepted'],
      ])
      // Ids only, as every event.
      expect(JSON.stringify(event)).not.to.match(/display|first_name|Ada|Ng/)

      // The request now reads as the same Appointment, booked.
      const read = await getFhir(stack, pathOf(requestId), asPatient(patient(n)))
      expect(read.status, read.text).to.equal(200)
      expectValidFhir(read.body, 'the request read in FHIR')
      expect(read.body).to.deep.include({ id: requestId, identifier: appointment?.identifier, status: 'booked' })
      expect(Date.parse(read.body.start)).to.equal(start.toMillis())
    })
  }
})
