import { expect } from 'chai'
import * as E from 'fp-ts/Either'
import type * as t from 'io-ts'
import { OutboxEvent, OutboxEventContent } from '../../shared/events/outbox-event'
import { webhookSignature } from '../../shared/events/webhook-signature'
import { DeliverEventJobData, SweepOutboxJobData } from '../../shared/queue/deliver-event-job'
import { offerAccepted, offerCreated, openingExpired, openingFilled } from '../support/event-fixtures'

const decoded = <A>(codec: t.Decoder<unknown, A>, input: unknown): A => {
  const result = codec.decode(input)
  if (E.isLeft(result)) return expect.fail(`expected ${JSON.stringify(input)} to decode`)
  return result.right
}

const refused = (codec: t.Decoder<unknown, unknown>, input: unknown): void => {
  expect(E.isLeft(codec.decode(input)), `expected ${JSON.stringify(input)} to be refused`).to.equal(true)
}

const content = (event: { type: string; data: unknown }) => ({ type: event.type, data: event.data })

const envelope = (event: { type: string; data: unknown }) => ({
  id: '0b7d7c53-3a4f-4f0e-9d37-8a3c1f3e2b10',
  occurred_at: '2030-03-01T15:00:00.000Z',
  organization_id: 'org-a',
  ...content(event),
})

describe('outbox events (docs/webhooks.md#events)', () => {
  it('takes every event type the round machine emits, unchanged', () => {
    for (const event of [
      offerCreated('org-a'),
      offerAccepted('org-a'),
      openingFilled('org-a'),
      openingExpired('org-a'),
    ])
      expect(decoded(OutboxEvent, envelope(event))).to.deep.equal(envelope(event))
    for (const type of ['offer.expired', 'offer.withdrawn', 'offer.declined'])
      expect(decoded(OutboxEventContent, { ...content(offerAccepted('org-a')), type }).type).to.equal(type)
  })

  it('requires the link on offer.created, the page the receiver sends the patient', () => {
    const { link: _, ...withoutLink } = offerCreated('org-a').data as Record<string, unknown>
    refused(OutboxEventContent, { type: 'offer.created', data: withoutLink })
    refused(OutboxEventContent, { type: 'offer.created', data: { ...withoutLink, link: 'javascript:alert(1)' } })
  })

  it('drops whatever the contract does not define, so a name or a note put in by mistake never leaves', () => {
    const event = offerAccepted('org-a')
    const data = event.data as Record<string, unknown>
    const leaky = {
      ...envelope(event),
      patient_name: 'Jane Doe',
      data: { ...data, first_name: 'Jane', notes: 'knee', slot: { ...(data['slot'] as object), clinic_name: 'A1' } },
    }
    expect(OutboxEvent.encode(decoded(OutboxEvent, leaky))).to.deep.equal(envelope(event))
  })

  it('writes times as UTC with milliseconds, whatever offset they came with', () => {
    const event = offerAccepted('org-a')
    const data = { ...(event.data as Record<string, unknown>), expires_at: '2030-03-01T17:00:00+02:00' }
    const result = decoded(OutboxEventContent, { type: event.type, data })
    expect(result.type === 'offer.accepted' && result.data.expires_at).to.equal('2030-03-01T15:00:00.000Z')
  })

  it('refuses an id that is no UUID, an unknown type, round 0 and a slot without its zone', () => {
    const event = offerAccepted('org-a')
    const data = event.data as Record<string, unknown>
    refused(OutboxEvent, { ...envelope(event), id: 'event-1' })
    refused(OutboxEventContent, { type: 'offer.sent', data })
    refused(OutboxEventContent, { type: event.type, data: { ...data, round: 0 } })
    refused(OutboxEventContent, {
      type: event.type,
      data: { ...data, slot: { ...(data['slot'] as object), timezone: 'EST5' } },
    })
  })
})

describe('delivery jobs (docs/queue-contract.md)', () => {
  it('names one stored event by its id, version 1', () => {
    const data = { version: 1, event_id: '0b7d7c53-3a4f-4f0e-9d37-8a3c1f3e2b10' }
    expect(decoded(DeliverEventJobData, data)).to.deep.equal(data)
    refused(DeliverEventJobData, { ...data, version: 2 })
    refused(DeliverEventJobData, { ...data, event_id: '0B7D7C53-3A4F-4F0E-9D37-8A3C1F3E2B10' })
    refused(DeliverEventJobData, { version: 1 })
  })

  it('sweeps events of a whole number of milliseconds, at most a day old', () => {
    expect(decoded(SweepOutboxJobData, { version: 1, older_than_ms: 60_000 })).to.deep.equal({
      version: 1,
      older_than_ms: 60_000,
    })
    refused(SweepOutboxJobData, { version: 1, older_than_ms: -1 })
    refused(SweepOutboxJobData, { version: 1, older_than_ms: 1.5 })
    refused(SweepOutboxJobData, { version: 1, older_than_ms: 86_400_001 })
  })
})

describe('webhookSignature (docs/webhooks.md#signatures)', () => {
  const secret = 'whsec-test-0123456789'

  // Computed apart: printf '%s' '1700000000.<body>' | openssl dgst -sha256 -hmac 'whsec-test-0123456789'
  it('is sha256= and the hex HMAC-SHA256 of timestamp, ".", body, as openssl computes it', () => {
    expect(webhookSignature(secret, '1700000000', '{"id":"e1","type":"offer.created"}')).to.equal(
      'sha256=49d9ae61b2d7aac16b5d3f09ce28f6e8188b5a644d1ecde16d0bb0ebd720de58',
    )
  })

  it('signs the body as UTF-8 bytes', () => {
    expect(webhookSignature(secret, '1700000000', '{"name":"Zoë"}')).to.equal(
      'sha256=a2105939f32649adf81fb1af00899f79f7b8226d2552594c23263ed75015501c',
    )
  })

  it('changes with the timestamp, the body and the secret', () => {
    const base = webhookSignature(secret, '1700000000', '{}')
    expect(webhookSignature(secret, '1700000001', '{}')).not.to.equal(base)
    expect(webhookSignature(secret, '1700000000', '{ }')).not.to.equal(base)
    expect(webhookSignature(`${secret}x`, '1700000000', '{}')).not.to.equal(base)
    // The full stop keeps timestamp and body apart: "17000000001" + "{}" is not "1700000000" + "1{}".
    expect(webhookSignature(secret, '17000000001', '{}')).not.to.equal(webhookSignature(secret, '1700000000', '1{}'))
  })
})
