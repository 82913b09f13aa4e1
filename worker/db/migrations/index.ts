import { referenceData } from './0001-reference-data'
import { waitlistRequests } from './0002-waitlist-requests'
import { requestLifecycle } from './0003-request-lifecycle'
import { referenceDataVersion } from './0004-reference-data-version'
import { openings } from './0005-openings'
import { patientPrioritySetting } from './0006-patient-priority-setting'
import { writerRoles } from './0007-writer-roles'
import { organizationOffersWebhook } from './0008-organization-offers-webhook'
import { outboxEvents } from './0009-outbox-events'
import { offers } from './0010-offers'
import { offersByRequest } from './0011-offers-by-request'

/** Applied in this order; a new migration is appended, never edited once released. */
export const migrations = [
  referenceData,
  waitlistRequests,
  requestLifecycle,
  referenceDataVersion,
  openings,
  patientPrioritySetting,
  writerRoles,
  organizationOffersWebhook,
  outboxEvents,
  offers,
  offersByRequest,
]
