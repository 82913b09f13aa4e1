import { setTimeout as sleep } from 'node:timers/promises'
import { Queue } from 'bullmq'
import { Redis } from 'ioredis'
import type { Client as Postgres } from 'pg'
import { EVENTS_QUEUE_NAME, IMPORT_QUEUE_NAME, QUEUE_NAME } from '../../shared/queue/waitlist-queue'
import type { Client } from './client'
import { CREATE_KINDS, type Operation } from './records'
import type { Tokens } from './world'

const SETTLE_FOR_MS = 120_000

/**
 * What each create answered 202 became, read as its client would read it: `GET` on the request with the token
 * that filed it (until it is stored, a patient's filing is theirs alone to read), again while it still answers
 * 202 (or nothing, or a 503), for at most two minutes in all.
 */
export const settleAccepted = async (
  client: Client,
  tokens: Tokens,
  operations: ReadonlyArray<Operation>,
): Promise<Map<string, number>> => {
  const settled = new Map<string, number>()
  const deadline = Date.now() + SETTLE_FOR_MS
  for (const operation of operations) {
    if (operation.status !== 202 || operation.requestId === undefined || !CREATE_KINDS.has(operation.kind)) continue
    for (;;) {
      const token = operation.filedBy === undefined ? tokens.staff('desk-chaos') : tokens.patient(operation.filedBy)
      const answer = await client.send('GET', `/apis/v1/waitlist-requests/${operation.requestId}`, { token })
      settled.set(operation.requestId, answer.status)
      if ((answer.status !== 202 && answer.status !== 0 && answer.status < 500) || Date.now() > deadline) break
      await sleep(500)
    }
  }
  return settled
}

/**
 * Waits until the service has nothing left in hand: no job waiting or running on any queue, none waiting to be
 * retried (an offer's timer, delayed but never tried, may wait), and every outbox event delivered. Answers the
 * database's clock at that moment: events written later (a round ending after the run) are not the run's to check.
 */
export const settleQueues = async (redisUrl: string, prefix: string, db: Postgres): Promise<Date> => {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null })
  const queues = [QUEUE_NAME, IMPORT_QUEUE_NAME, EVENTS_QUEUE_NAME].map(
    (name) => new Queue(name, { connection, prefix }),
  )
  const deadline = Date.now() + SETTLE_FOR_MS
  try {
    for (;;) {
      const counts = await Promise.all(queues.map((queue) => queue.getJobCounts('waiting', 'active', 'prioritized')))
      const retrying = (await Promise.all(queues.map((queue) => queue.getDelayed()))).flat()
      const busy =
        counts.some((count) => Object.values(count).some((n) => n > 0)) || retrying.some((job) => job.attemptsMade > 0)
      const { rows } = await db.query<{ undelivered: number; now: Date }>(
        'SELECT count(*) FILTER (WHERE delivered_at IS NULL)::int AS undelivered, now() AS now FROM outbox_events',
      )
      const [state] = rows
      if (state !== undefined && !busy && state.undelivered === 0) return state.now
      if (Date.now() > deadline) return state?.now ?? new Date()
      await sleep(500)
    }
  } finally {
    await Promise.all(queues.map((queue) => queue.close()))
    await connection.quit()
  }
}
