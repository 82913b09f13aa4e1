import { decodeCancelJob } from '../../shared/queue/cancel-waitlist-request-job'
import { cancellationChanges } from '../../shared/waitlist-request/end-request'
import { processEndJob } from './end-waitlist-request'

/** Ends an ACTIVE request as CANCELLED, with the reason if one was given; its patient or their staff may. */
export const processCancelJob = processEndJob({
  decode: decodeCancelJob,
  action: 'cancel',
  decide: (body, stored) => ({
    event: 'cancelled',
    reason: body.reason,
    changes: cancellationChanges(stored.request, body.reason),
  }),
})
