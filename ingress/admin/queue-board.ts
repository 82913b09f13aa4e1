import { createBullBoard } from '@bull-board/api'
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter'
import { KoaAdapter } from '@bull-board/koa'
import type { Job, Queue } from 'bullmq'
import type { Middleware } from 'koa'
import type { SessionMode } from './admin-session'
import { failureSummary, jobDataSummary, jobResultSummary } from './job-summary'

export const BOARD_PATH = '/admin/queues'
export const SIGN_OUT_PATH = '/admin/sign-out'

/** A failure's message and stack may quote the database's text, and with it a patient's: replaced by a summary. */
const withoutFailureText = <J extends Job>(job: J): J => {
  if (job.failedReason) job.failedReason = failureSummary(job.id, job.stacktrace)
  job.stacktrace = []
  return job
}

/**
 * Bull Board's BullMQ adapter, showing jobs without what in them is a patient's (job-summary.ts). In `view` mode
 * Bull Board itself refuses every change; in `retry` mode it would take any, and the dashboard's gate lets through
 * retries of failed jobs only (queue-dashboard.ts).
 */
class PrivateJobsAdapter extends BullMQAdapter {
  constructor(queue: Queue, mode: SessionMode) {
    super(
      queue,
      mode === 'retry'
        ? // allowCompletedRetries is the base adapter's option, missing from this adapter's type.
          ({ readOnlyMode: false, allowRetries: true, allowCompletedRetries: false } as { readOnlyMode: boolean })
        : { readOnlyMode: true },
    )
    this.setFormatter('data', jobDataSummary)
    this.setFormatter('returnValue', jobResultSummary)
  }

  override async getJob(id: string): Promise<Job | undefined> {
    const job = await super.getJob(id)
    return job === undefined ? undefined : withoutFailureText(job)
  }

  override async getJobs(...range: Parameters<BullMQAdapter['getJobs']>): Promise<Job[]> {
    return (await super.getJobs(...range)).map(withoutFailureText)
  }
}

/** Bull Board over `queues`, mounted at BOARD_PATH, its UI and assets served from the package (no CDN). */
export const queueBoard = (queues: ReadonlyArray<Queue>, mode: SessionMode): Middleware => {
  const server = new KoaAdapter().setBasePath(BOARD_PATH)
  createBullBoard({
    queues: queues.map((queue) => new PrivateJobsAdapter(queue, mode)),
    serverAdapter: server,
    options: {
      uiConfig: {
        boardTitle: mode === 'retry' ? 'Queues (retries)' : 'Waitlist queues',
        hideDocsLink: true,
        miscLinks: [{ text: 'Sign out', url: SIGN_OUT_PATH }],
      },
    },
  })
  return server.registerPlugin()
}
