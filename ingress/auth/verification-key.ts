import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import type { Algorithm } from 'jsonwebtoken'
import type { Config } from '../../shared/config/config'

export interface VerificationKey {
  readonly key: string
  readonly algorithms: Algorithm[]
  readonly issuer?: string
  readonly audience?: string
  /** The longest lifetime a token may claim (JWT_MAX_LIFETIME_SECONDS). */
  readonly maxLifetimeSeconds: number
}

/** Where development keeps its generated secret, so the token command and the API agree across restarts. */
const DEV_SECRET_FILE = resolve(__dirname, '..', '..', '..', '.local', 'dev-jwt-secret')

const devSecret = (): string => {
  try {
    return readFileSync(DEV_SECRET_FILE, 'utf8').trim()
  } catch {
    const secret = randomBytes(32).toString('hex')
    mkdirSync(dirname(DEV_SECRET_FILE), { recursive: true })
    writeFileSync(DEV_SECRET_FILE, secret, { mode: 0o600, flag: 'wx' })
    return secret
  }
}

/**
 * Algorithms are pinned to the kind of key configured, so a token cannot pick
 * its own (`alg: none`, or HS256 signed with a public key). Production never
 * reaches the generated secret: its config refuses to load without a key.
 */
export const verificationKey = (config: Config): VerificationKey => {
  const claims = {
    maxLifetimeSeconds: config.JWT_MAX_LIFETIME_SECONDS,
    ...(config.JWT_ISSUER === undefined ? {} : { issuer: config.JWT_ISSUER }),
    ...(config.JWT_AUDIENCE === undefined ? {} : { audience: config.JWT_AUDIENCE }),
  }
  if (config.JWT_PUBLIC_KEY !== undefined) {
    return { key: config.JWT_PUBLIC_KEY.replace(/\\n/g, '\n'), algorithms: ['RS256', 'ES256'], ...claims }
  }
  if (config.JWT_SECRET !== undefined) return { key: config.JWT_SECRET, algorithms: ['HS256'], ...claims }
  if (config.NODE_ENV === 'production') throw new Error('no JWT key configured')
  return { key: devSecret(), algorithms: ['HS256'], ...claims }
}
