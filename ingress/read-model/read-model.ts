import type { Database } from '../../worker/db/connection'
import { findStoredWaitlistRequest } from '../../worker/db/waitlist-request-rows'
import { findHistory } from './find-history'
import { lookupListReferences } from './list-references'
import { listWaitlistRequests } from './list-waitlist-requests'

/**
 * What the API reads straight from PostgreSQL, on the API's own database handle: one request, a page of them,
 * the references a list query names, and a request's history. Writes never come this way; they go through the
 * queue to the worker.
 */
export const createReadModel = (db: Database) => ({
  findRequest: (id: string) => findStoredWaitlistRequest(db, id),
  list: listWaitlistRequests(db),
  lookupReferences: lookupListReferences(db),
  findHistory: findHistory(db),
})
