import { referenceData } from './0001-reference-data'
import { waitlistRequests } from './0002-waitlist-requests'
import { requestLifecycle } from './0003-request-lifecycle'
import { referenceDataVersion } from './0004-reference-data-version'
import { organizationOffersWebhook } from './0005-organization-offers-webhook'
import { outboxEvents } from './0006-outbox-events'

/** Applied in this order; a new migration is appended, never edited once released. */
export const migrations = [
  referenceData,
  waitlistRequests,
  requestLifecycle,
  referenceDataVersion,
  organizationOffersWebhook,
  outboxEvents,
]
