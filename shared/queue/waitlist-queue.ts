/** The queue every waitlist job goes through. */
export const QUEUE_NAME = 'waitlist-requests'

/**
 * Batch imports get a queue of their own, worked with its own small
 * concurrency, so a 100,000-row import never takes the slots (or the database
 * connections) that a person waiting on a single create needs.
 */
export const IMPORT_QUEUE_NAME = 'waitlist-imports'

/**
 * The default key prefix. It is a Redis Cluster hash tag, so all of a queue's
 * keys land on one slot (BullMQ requires it there); deployments sharing one
 * Redis set their own with QUEUE_PREFIX, and producers must use the same one.
 */
export const DEFAULT_QUEUE_PREFIX = '{waitlist}'

/**
 * Offer and booking events on their way to organizations' webhooks (docs/webhooks.md): a queue of their own, so a
 * slow or dead receiver holds delivery slots only, never the ones creates and answers wait on.
 */
export const EVENTS_QUEUE_NAME = 'waitlist-events'
