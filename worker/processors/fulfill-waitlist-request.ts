import { decodeFulfillJob } from '../../shared/queue/fulfill-waitlist-request-job'
import { fulfillmentChanges } from '../../shared/waitlist-request/end-request'
import { processEndJob } from './end-waitlist-request'

/** Ends an ACTIVE request as FULFILLED with the appointment staff booked; only staff may. */
export const processFulfillJob = processEndJob({
  decode: decodeFulfillJob,
  action: 'fulfill',
  decide: (body, stored) => {
    const appointment = { id: body.appointment_id, start: body.appointment_start }
    return { event: 'fulfilled', appointment, changes: fulfillmentChanges(stored.request, appointment) }
  },
})
