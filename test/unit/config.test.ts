import { expect } from 'chai'
import * as E from 'fp-ts/Either'
import { decodeConfig, type Config } from '../../shared/config/config'
import { DEFAULT_QUEUE_PREFIX } from '../../shared/queue/waitlist-queue'

const config = (env: Record<string, string | undefined>): Config => {
  const result = decodeConfig(env)
  if (E.isLeft(result)) return expect.fail(`expected the environment to decode, got ${result.left}`)
  return result.right
}

const problem = (env: Record<string, string | undefined>): string => {
  const result = decodeConfig(env)
  if (E.isRight(result))
    return expect.fail(`expected the environment to be refused, got ${JSON.stringify(result.right)}`)
  return result.left
}

const LINK_SECRET = 'l'.repeat(32)

const JWT_REQUIRED = 'JWT_SECRET or JWT_PUBLIC_KEY must be set when NODE_ENV=production'

describe('decodeConfig (README.md#configuration)', () => {
  describe('defaults', () => {
    it('fills every setting from its default in an empty environment', () => {
      expect(config({})).to.deep.equal({
        NODE_ENV: 'development',
        PORT: 3000,
        HOST: '127.0.0.1',
        DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/waitlist',
        REDIS_URL: 'redis://127.0.0.1:6379/0',
        REDIS_CLUSTER_NODES: undefined,
        QUEUE_PREFIX: '{waitlist}',
        JWT_SECRET: undefined,
        JWT_PUBLIC_KEY: undefined,
        JWT_ISSUER: undefined,
        JWT_AUDIENCE: undefined,
        JWT_MAX_LIFETIME_SECONDS: 86_400,
        WORKER_CONCURRENCY: 32,
        WORKER_LOCK_DURATION_MS: 30_000,
        WORKER_STALLED_INTERVAL_MS: 30_000,
        IMPORT_CONCURRENCY: 2,
        JOB_WAIT_TIMEOUT_MS: 10_000,
        DEPENDENCY_TIMEOUT_MS: 1_000,
        BODY_LIMIT_BYTES: 64 * 1024,
        SHUTDOWN_TIMEOUT_MS: 30_000,
        EXPIRY_SWEEP_INTERVAL_MS: 300_000,
        WEBHOOK_TIMEOUT_MS: 10_000,
        WEBHOOK_CONCURRENCY: 8,
        OUTBOX_SWEEP_INTERVAL_MS: 60_000,
        LOG_LEVEL: 'info',
        WORKER_METRICS_PORT: 9464,
        METRICS_TOKEN: undefined,
        RATE_LIMIT_PER_USER_PER_MINUTE: 600,
        RATE_LIMIT_PER_IP_PER_MINUTE: 6000,
        TRUSTED_PROXY_HOPS: 0,
        PUBLIC_BASE_URL: 'http://127.0.0.1:3000',
        OFFER_LINK_SECRET: 'development-only-offer-link-secret-do-not-deploy',
        ADMIN_SESSION_SECRET: 'development-only-admin-session-secret-do-not-deploy',
        ADMIN_SESSION_TTL_SECONDS: 900,
      })
    })

    it('reads given settings, numbers as integers', () => {
      expect(
        config({
          NODE_ENV: 'test',
          PORT: '8080',
          HOST: '0.0.0.0',
          DATABASE_URL: 'postgres://db/other',
          REDIS_URL: 'redis://cache:6380/3',
          JWT_SECRET: 's3cret',
          JWT_ISSUER: 'issuer',
          JWT_AUDIENCE: 'audience',
          WORKER_CONCURRENCY: '4',
          JOB_WAIT_TIMEOUT_MS: '250',
          BODY_LIMIT_BYTES: '2048',
          SHUTDOWN_TIMEOUT_MS: '0',
          LOG_LEVEL: 'debug',
        }),
      ).to.include({
        NODE_ENV: 'test',
        PORT: 8080,
        HOST: '0.0.0.0',
        DATABASE_URL: 'postgres://db/other',
        REDIS_URL: 'redis://cache:6380/3',
        JWT_SECRET: 's3cret',
        JWT_ISSUER: 'issuer',
        JWT_AUDIENCE: 'audience',
        WORKER_CONCURRENCY: 4,
        JOB_WAIT_TIMEOUT_MS: 250,
        BODY_LIMIT_BYTES: 2048,
        SHUTDOWN_TIMEOUT_MS: 0,
        LOG_LEVEL: 'debug',
      })
    })
  })

  describe('PORT', () => {
    for (const port of ['0', '1', '65535']) {
      it(`accepts PORT=${port}`, () => {
        expect(config({ PORT: port }).PORT).to.equal(Number(port))
      })
    }

    for (const port of ['abc', '65536', '-1', '80.5', '1e3', '0x50', ' ', '80abc', '99999999999999999999']) {
      it(`refuses PORT=${JSON.stringify(port)} with "PORT must be an integer from 0 to 65535"`, () => {
        expect(problem({ PORT: port })).to.equal('PORT must be an integer from 0 to 65535')
      })
    }
  })

  describe('other integer settings', () => {
    const ranges: ReadonlyArray<[string, number, number]> = [
      ['WORKER_CONCURRENCY', 1, 1000],
      ['JOB_WAIT_TIMEOUT_MS', 100, 300_000],
      ['BODY_LIMIT_BYTES', 1024, 10 * 1024 * 1024],
      ['SHUTDOWN_TIMEOUT_MS', 0, 600_000],
      ['JWT_MAX_LIFETIME_SECONDS', 60, 31_536_000],
      ['WEBHOOK_TIMEOUT_MS', 100, 60_000],
      ['WEBHOOK_CONCURRENCY', 1, 100],
      ['OUTBOX_SWEEP_INTERVAL_MS', 0, 3_600_000],
      ['WORKER_METRICS_PORT', 0, 65535],
      ['RATE_LIMIT_PER_USER_PER_MINUTE', 0, 10_000_000],
      ['RATE_LIMIT_PER_IP_PER_MINUTE', 0, 10_000_000],
      ['TRUSTED_PROXY_HOPS', 0, 10],
    ]
    for (const [name, min, max] of ranges) {
      it(`accepts ${name} from ${min} to ${max} and refuses values outside, naming the range`, () => {
        expect(config({ [name]: String(min) })).to.have.property(name, min)
        expect(config({ [name]: String(max) })).to.have.property(name, max)
        const message = `${name} must be an integer from ${min} to ${max}`
        expect(problem({ [name]: String(max + 1) })).to.equal(message)
        if (min > 0) expect(problem({ [name]: String(min - 1) })).to.equal(message)
        expect(problem({ [name]: 'lots' })).to.equal(message)
      })
    }
  })

  describe('JWT_MAX_LIFETIME_SECONDS', () => {
    it('caps token lifetimes at 24 hours unless told otherwise', () => {
      expect(config({}).JWT_MAX_LIFETIME_SECONDS).to.equal(24 * 3600)
      expect(config({ JWT_MAX_LIFETIME_SECONDS: '3600' }).JWT_MAX_LIFETIME_SECONDS).to.equal(3600)
    })
  })

  describe('QUEUE_PREFIX', () => {
    it('defaults to the hash tag {waitlist}, so every queue key lands on one Redis Cluster slot', () => {
      expect(config({}).QUEUE_PREFIX).to.equal(DEFAULT_QUEUE_PREFIX)
      expect(DEFAULT_QUEUE_PREFIX).to.match(/^\{.+\}$/)
    })

    for (const prefix of ['{waitlist}', '{waitlist-test-42}', '{tenant.a:b_c}']) {
      it(`accepts the hash-tag prefix ${prefix}`, () => {
        expect(config({ QUEUE_PREFIX: prefix }).QUEUE_PREFIX).to.equal(prefix)
      })
    }

    for (const prefix of [
      'waitlist',
      '{}',
      '{wait list}',
      '{waitlist',
      'waitlist}',
      'x{waitlist}',
      '{waitlist}x',
      '{a}{b}',
    ]) {
      it(`refuses ${JSON.stringify(prefix)}, which is not a single hash tag`, () => {
        expect(problem({ QUEUE_PREFIX: prefix })).to.equal('QUEUE_PREFIX has an unusable value')
      })
    }
  })

  describe('enumerated settings', () => {
    it('refuses an unknown NODE_ENV, naming it', () => {
      expect(problem({ NODE_ENV: 'staging' })).to.equal('NODE_ENV has an unusable value')
    })

    it('refuses an unknown LOG_LEVEL, naming it', () => {
      expect(problem({ LOG_LEVEL: 'verbose' })).to.equal('LOG_LEVEL has an unusable value')
    })

    it('accepts every pino level', () => {
      for (const level of ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) {
        expect(config({ LOG_LEVEL: level }).LOG_LEVEL).to.equal(level)
      }
    })
  })

  describe('empty and blank values', () => {
    it('treats an empty variable as unset, so the default applies', () => {
      expect(
        config({ PORT: '', HOST: '', NODE_ENV: '', LOG_LEVEL: '', JWT_SECRET: '', DATABASE_URL: '', REDIS_URL: '' }),
      ).to.include({
        PORT: 3000,
        HOST: '127.0.0.1',
        NODE_ENV: 'development',
        LOG_LEVEL: 'info',
        JWT_SECRET: undefined,
        DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/waitlist',
        REDIS_URL: 'redis://127.0.0.1:6379/0',
      })
    })

    it('treats an undefined variable as unset', () => {
      expect(config({ PORT: undefined, JWT_SECRET: undefined })).to.include({ PORT: 3000, JWT_SECRET: undefined })
    })

    it('refuses a blank (whitespace-only) string setting rather than using it', () => {
      expect(problem({ HOST: '   ' })).to.equal('HOST has an unusable value')
      expect(problem({ JWT_SECRET: ' \t' })).to.equal('JWT_SECRET has an unusable value')
    })
  })

  describe('production', () => {
    it('refuses production without JWT_SECRET or JWT_PUBLIC_KEY', () => {
      expect(problem({ NODE_ENV: 'production' })).to.equal(JWT_REQUIRED)
    })

    it('refuses production whose JWT_SECRET and JWT_PUBLIC_KEY are empty strings (empty means unset)', () => {
      expect(problem({ NODE_ENV: 'production', JWT_SECRET: '', JWT_PUBLIC_KEY: '' })).to.equal(JWT_REQUIRED)
    })

    it('starts production with JWT_SECRET', () => {
      expect(config({ NODE_ENV: 'production', JWT_SECRET: 'secret', OFFER_LINK_SECRET: LINK_SECRET })).to.include({
        JWT_SECRET: 'secret',
      })
    })

    it('starts production with JWT_PUBLIC_KEY', () => {
      const pem = '-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----'
      expect(config({ NODE_ENV: 'production', JWT_PUBLIC_KEY: pem, OFFER_LINK_SECRET: LINK_SECRET })).to.include({
        JWT_PUBLIC_KEY: pem,
      })
    })

    it('refuses production without its own OFFER_LINK_SECRET: the development one is public', () => {
      expect(problem({ NODE_ENV: 'production', JWT_SECRET: 'secret' })).to.equal(
        'OFFER_LINK_SECRET must be set when NODE_ENV=production',
      )
    })

    it('has no queue dashboard without its own ADMIN_SESSION_SECRET, and starts all the same', () => {
      const production = { NODE_ENV: 'production', JWT_SECRET: 'secret', OFFER_LINK_SECRET: LINK_SECRET }
      expect(config(production).ADMIN_SESSION_SECRET).to.equal(undefined)
      expect(config({ ...production, ADMIN_SESSION_SECRET: 's'.repeat(32) }).ADMIN_SESSION_SECRET).to.equal(
        's'.repeat(32),
      )
    })

    it('lets development and test run without JWT configuration', () => {
      expect(config({ NODE_ENV: 'development' }).JWT_SECRET).to.equal(undefined)
      expect(config({ NODE_ENV: 'test' }).JWT_SECRET).to.equal(undefined)
    })
  })

  describe('admin sessions', () => {
    it('refuses a session secret under 32 characters and a lifetime outside a minute to an hour', () => {
      expect(problem({ ADMIN_SESSION_SECRET: 'short' })).to.equal('ADMIN_SESSION_SECRET has an unusable value')
      expect(problem({ ADMIN_SESSION_TTL_SECONDS: '59' })).to.equal(
        'ADMIN_SESSION_TTL_SECONDS must be an integer from 60 to 3600',
      )
      expect(config({ ADMIN_SESSION_TTL_SECONDS: '1800' }).ADMIN_SESSION_TTL_SECONDS).to.equal(1800)
    })
  })

  describe('offer links', () => {
    it('points links at HOST and PORT unless PUBLIC_BASE_URL says otherwise', () => {
      expect(config({ PORT: '8080' }).PUBLIC_BASE_URL).to.equal('http://127.0.0.1:8080')
      expect(config({ HOST: '0.0.0.0', PORT: '8080' }).PUBLIC_BASE_URL).to.equal('http://127.0.0.1:8080')
      expect(config({ PUBLIC_BASE_URL: 'https://waitlist.example.org' }).PUBLIC_BASE_URL).to.equal(
        'https://waitlist.example.org',
      )
    })

    it('refuses a PUBLIC_BASE_URL that is not an http(s) URL, and a short OFFER_LINK_SECRET', () => {
      expect(problem({ PUBLIC_BASE_URL: 'waitlist.example.org' })).to.equal('PUBLIC_BASE_URL has an unusable value')
      expect(problem({ PUBLIC_BASE_URL: 'ftp://example.org' })).to.equal('PUBLIC_BASE_URL has an unusable value')
      expect(problem({ OFFER_LINK_SECRET: 'short' })).to.equal('OFFER_LINK_SECRET has an unusable value')
      expect(config({ OFFER_LINK_SECRET: LINK_SECRET }).OFFER_LINK_SECRET).to.equal(LINK_SECRET)
    })
  })

  describe('several problems', () => {
    it('reports every unusable variable in one message, separated by "; "', () => {
      const message = problem({ PORT: 'x', NODE_ENV: 'prod', WORKER_CONCURRENCY: '0' })
      expect(message.split('; ')).to.have.members([
        'PORT must be an integer from 0 to 65535',
        'NODE_ENV has an unusable value',
        'WORKER_CONCURRENCY must be an integer from 1 to 1000',
      ])
    })
  })
})
