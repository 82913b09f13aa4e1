import { randomUUID } from 'node:crypto'
import type { NewOutboxEvent } from '../../worker/outbox/outbox-repository'

/**
 * Outbox events as the offers service writes them (docs/webhooks.md#events), for clinic-a1 of the fixtures. Built
 * as plain JSON, as a writer's values arrive, and judged by the codecs wherever a test hands them on.
 */

const HOUR_MS = 60 * 60 * 1000

const slot = () => {
  const start = new Date(Math.ceil(Date.now() / HOUR_MS) * HOUR_MS + 3 * 24 * HOUR_MS)
  return {
    clinic_id: 'clinic-a1',
    provider_id: 'prov-a1',
    start: start.toISOString(),
    end: new Date(start.getTime() + HOUR_MS).toISOString(),
    duration_minutes: 60,
    timezone: 'America/New_York',
  }
}

const offerFacts = () => ({
  offer_id: randomUUID(),
  opening_id: randomUUID(),
  request_id: randomUUID(),
  patient_id: 'pat-a1',
  round: 1,
  expires_at: new Date(Date.now() + 2 * HOUR_MS).toISOString(),
  slot: slot(),
})

export const offerCreated = (organizationId: string): NewOutboxEvent =>
  ({
    organization_id: organizationId,
    type: 'offer.created',
    data: { ...offerFacts(), link: 'https://waitlist.example.org/offers/Zm9vYmFyYmF6cXV1eDEyMzQ1Njc4OQ' },
  }) as unknown as NewOutboxEvent

export const offerAccepted = (organizationId: string): NewOutboxEvent =>
  ({ organization_id: organizationId, type: 'offer.accepted', data: offerFacts() }) as unknown as NewOutboxEvent

export const openingFilled = (organizationId: string): NewOutboxEvent => {
  const facts = offerFacts()
  return {
    organization_id: organizationId,
    type: 'opening.filled',
    data: {
      opening_id: facts.opening_id,
      offer_id: facts.offer_id,
      booking: {
        request_id: facts.request_id,
        patient_id: facts.patient_id,
        provider_id: facts.slot.provider_id,
        start: facts.slot.start,
        end: facts.slot.end,
        appointment_category_id: 'cat-eval',
      },
      slot: facts.slot,
    },
  } as unknown as NewOutboxEvent
}

export const openingExpired = (organizationId: string): NewOutboxEvent =>
  ({
    organization_id: organizationId,
    type: 'opening.expired',
    data: { opening_id: randomUUID(), slot: slot() },
  }) as unknown as NewOutboxEvent
