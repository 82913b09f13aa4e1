import { OutboxEvent } from '../../shared/events/outbox-event'
import { webhookSignature } from '../../shared/events/webhook-signature'
import type { Webhook } from '../../shared/reference-data/webhook'

/** How one attempt went; `error` is a short code for the outbox's `last_error` and the logs. */
export type PostOutcome = { readonly ok: true } | { readonly ok: false; readonly error: string }

const errorCode = (error: unknown): string => {
  if (error instanceof Error && error.name === 'TimeoutError') return 'timeout'
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined
  return typeof cause?.code === 'string' && /^[A-Z_]+$/.test(cause.code) ? `network_${cause.code}` : 'network_error'
}

/**
 * One signed POST of an event to a webhook (docs/webhooks.md#what-is-sent). Only a 2xx answer delivers it; a
 * redirect is not followed (the body and its signature would go where the organization did not say), and the
 * answer's body is not read.
 */
export const postWebhook = async (webhook: Webhook, event: OutboxEvent, timeoutMs: number): Promise<PostOutcome> => {
  const body = JSON.stringify(OutboxEvent.encode(event))
  const timestamp = String(Math.floor(Date.now() / 1000))
  try {
    const response = await fetch(webhook.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'waitlist-service-webhooks/1',
        'X-Event-Id': event.id,
        'X-Webhook-Timestamp': timestamp,
        'X-Signature': webhookSignature(webhook.secret, timestamp, body),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    })
    await response.body?.cancel()
    return response.ok ? { ok: true } : { ok: false, error: `http_${response.status}` }
  } catch (error) {
    return { ok: false, error: errorCode(error) }
  }
}
