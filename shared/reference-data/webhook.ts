import * as t from 'io-ts'
import { StoredText } from '../codecs/stored-text'
import { objectOf, ruled } from '../codecs/object-of'

/**
 * Where an organization's offer and booking events are delivered, and the secret they are signed with
 * (docs/webhooks.md): `webhook` beside `waitlist` in the reference data. No webhook: each event is logged instead.
 */

const MAX_URL_LENGTH = 2000
const MIN_SECRET_LENGTH = 16
const MAX_SECRET_LENGTH = 256

// The events name patients (by id) and carry links that book slots: they travel over TLS, except to a receiver
// on this very machine, which is what a developer's or a test's receiver is.
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

const isWebhookUrl = (s: string): boolean => {
  if (s.length > MAX_URL_LENGTH || !URL.canParse(s)) return false
  const url = new URL(s)
  // Credentials in the URL would be logged and shown wherever the URL is; the secret is what authenticates.
  if (url.username !== '' || url.password !== '') return false
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))
}

const WebhookUrl = t.refinement(StoredText, isWebhookUrl, 'WebhookUrl')

const WebhookSecret = t.refinement(
  StoredText,
  (s) => s.length >= MIN_SECRET_LENGTH && s.length <= MAX_SECRET_LENGTH && s.trim() === s,
  'WebhookSecret',
)

export const Webhook = objectOf(
  t.exact(
    t.type({
      url: ruled(
        WebhookUrl,
        `must be an https URL of at most ${MAX_URL_LENGTH} characters without user or password (http only to localhost)`,
      ),
      secret: ruled(
        WebhookSecret,
        `must be ${MIN_SECRET_LENGTH} to ${MAX_SECRET_LENGTH} characters without surrounding spaces`,
      ),
    }),
  ),
  'the webhook',
)
export type Webhook = t.TypeOf<typeof Webhook>
