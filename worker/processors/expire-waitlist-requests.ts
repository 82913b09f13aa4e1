import * as E from 'fp-ts/Either'
import { ExpireJobData, type ExpireJobResult } from '../../shared/queue/expire-waitlist-requests-job'

export interface ExpirePorts {
  /** Expires what is due at `now`; returns how many it expired. */
  readonly expireDue: (now: Date) => Promise<number>
  readonly now: () => Date
}

/**
 * One expiry sweep. Its data is only a version; anything else is refused,
 * so no producer can steer what gets expired.
 */
export const processExpireJob =
  (ports: ExpirePorts) =>
  async (data: unknown): Promise<ExpireJobResult> => {
    if (E.isLeft(ExpireJobData.decode(data))) {
      return { outcome: 'rejected', errors: [{ field: 'version', message: 'version must be 1' }] }
    }
    return { outcome: 'swept', expired: await ports.expireDue(ports.now()) }
  }
