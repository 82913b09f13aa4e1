import { sep } from 'node:path'

/**
 * Tests run against their own database, Redis index and queue prefix on the
 * local servers, so a developer's demo data and queue are never touched, and
 * two runs at once (two checkouts, CI beside a developer) keep apart. Set
 * TEST_DATABASE_URL or TEST_REDIS_URL to point elsewhere.
 */
process.env['NODE_ENV'] = 'test'
process.env['DATABASE_URL'] =
  process.env['TEST_DATABASE_URL'] ?? `postgres://postgres@127.0.0.1:5432/waitlist_test_${process.pid}`
process.env['REDIS_URL'] = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379/14'
process.env['QUEUE_PREFIX'] = `{waitlist-test-${process.pid}}`
process.env['JWT_SECRET'] = 'test-secret-for-the-suite-only'
delete process.env['JWT_PUBLIC_KEY']
delete process.env['JWT_ISSUER']
delete process.env['JWT_AUDIENCE']
process.env['LOG_LEVEL'] = process.env['TEST_LOG_LEVEL'] ?? 'silent'
// A loaded machine (CI beside other jobs) can stall Redis answers past the production second; tests about that second set it themselves.
process.env['DEPENDENCY_TIMEOUT_MS'] = process.env['TEST_DEPENDENCY_TIMEOUT_MS'] ?? '5000'
// The expiry sweep runs only where a test asks for it, so it never changes rows another test is looking at.
process.env['EXPIRY_SWEEP_INTERVAL_MS'] = '0'
// Likewise the outbox sweep: the outbox tests schedule it themselves.
process.env['OUTBOX_SWEEP_INTERVAL_MS'] = '0'
// The whole suite is one user and one address sending thousands of requests a minute: the limits still count
// every request (and fail open when Redis is away), but only rate-limits.test.ts sets limits a test can reach.
process.env['RATE_LIMIT_PER_USER_PER_MINUTE'] = '10000000'
process.env['RATE_LIMIT_PER_IP_PER_MINUTE'] = '10000000'
// Stacks in this process, and worker processes started beside them, would all want the one default port.
process.env['WORKER_METRICS_PORT'] = '0'

/** After the whole run, this run's database and queue keys are removed, so nothing piles up. */
export const mochaHooks = {
  async afterAll(this: unknown) {
    // A run of unit tests alone started no stack and may have no servers to clean.
    if (!Object.keys(require.cache).some((path) => path.endsWith(`support${sep}stack.js`))) return
    const { dropDatabase } = await import('../../worker/db/database-lifecycle')
    const { Redis } = await import('ioredis')
    await dropDatabase(process.env['DATABASE_URL'] ?? '')
    const redis = new Redis(process.env['REDIS_URL'] ?? '')
    try {
      const keys = await redis.keys(`${process.env['QUEUE_PREFIX']}*`)
      if (keys.length > 0) await redis.del(...keys)
    } finally {
      await redis.quit()
    }
  },
}
