import { Queue } from 'bullmq'
import type { RedisClient } from '../../scripts/redis-connection'
import { EVENTS_QUEUE_NAME, IMPORT_QUEUE_NAME, QUEUE_NAME } from '../../shared/queue/waitlist-queue'
import { requireConnected, withinTime } from './within-time'

/** Every queue the service's workers consume: creates and changes, import chunks, webhook deliveries. */
const WATCHED_QUEUES = [QUEUE_NAME, IMPORT_QUEUE_NAME, EVENTS_QUEUE_NAME] as const
type WatchedQueue = (typeof WATCHED_QUEUES)[number]

const JOB_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const
type JobState = (typeof JOB_STATES)[number]

export interface QueueWatch {
  /** Jobs in each state, per queue. */
  readonly jobCounts: () => Promise<Record<WatchedQueue, Record<JobState, number>>>
  /** Worker processes consuming each queue right now (BullMQ names their Redis connections). */
  readonly workerCounts: () => Promise<Record<WatchedQueue, number>>
  readonly close: () => Promise<void>
}

/**
 * What the API can tell about the queues without taking part in them, on its producer connection and bounded
 * by `timeoutMs` like every other Redis call it makes (a RedisUnavailable past that).
 */
export const watchQueues = (connection: RedisClient, prefix: string, timeoutMs: number): QueueWatch => {
  const queues = WATCHED_QUEUES.map((name) => {
    const queue = new Queue(name, { connection, prefix })
    // The connection's own errors are logged where it is made (redisConnection); unheard, BullMQ prints them again.
    queue.on('error', () => undefined)
    return [name, queue] as const
  })
  const perQueue = async <A>(what: string, read: (queue: Queue) => Promise<A>): Promise<Record<WatchedQueue, A>> => {
    requireConnected(connection, what)
    const values = await withinTime(Promise.all(queues.map(([, queue]) => read(queue))), timeoutMs, what)
    return Object.fromEntries(queues.map(([name], index) => [name, values[index]])) as Record<WatchedQueue, A>
  }
  return {
    jobCounts: () =>
      perQueue('count jobs', async (queue) => {
        const counts = await queue.getJobCounts(...JOB_STATES)
        return Object.fromEntries(JOB_STATES.map((state) => [state, counts[state] ?? 0])) as Record<JobState, number>
      }),
    workerCounts: () => perQueue('count workers', (queue) => queue.getWorkersCount()),
    close: async () => {
      await Promise.all(queues.map(([, queue]) => queue.close()))
    },
  }
}
