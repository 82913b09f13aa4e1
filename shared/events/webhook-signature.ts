import { createHmac } from 'node:crypto'

/**
 * The `X-Signature` of a webhook body (docs/webhooks.md#signatures): `sha256=` and the lower-case hex HMAC-SHA256,
 * keyed by the organization's secret, of the `X-Webhook-Timestamp` value, a full stop, and the body exactly as sent.
 * The timestamp is signed with the body so a receiver can refuse an old body replayed under a new timestamp.
 */
export const webhookSignature = (secret: string, timestamp: string, body: string): string =>
  `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`
