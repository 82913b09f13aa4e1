/** The queue every waitlist job goes through. */
export const QUEUE_NAME = 'waitlist-requests'

/**
 * The default key prefix. It is a Redis Cluster hash tag, so all of a queue's
 * keys land on one slot (BullMQ requires it there); deployments sharing one
 * Redis set their own with QUEUE_PREFIX, and producers must use the same one.
 */
export const DEFAULT_QUEUE_PREFIX = '{waitlist}'
