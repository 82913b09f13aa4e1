/**
 * The queue every waitlist job goes through. The prefix is a Redis Cluster hash
 * tag, so all of a queue's keys land on one slot (BullMQ requires it there).
 */
export const QUEUE_NAME = 'waitlist-requests'
export const QUEUE_PREFIX = '{waitlist}'
