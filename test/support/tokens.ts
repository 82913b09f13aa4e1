import { createHmac } from 'node:crypto'
import jwt from 'jsonwebtoken'

const secret = (): string => process.env['JWT_SECRET'] ?? ''

/** A token signed as the service expects (HS256, with exp); pass claims to vary it. */
export const tokenFor = (claims: Record<string, unknown>, options: jwt.SignOptions = { expiresIn: 600 }): string =>
  jwt.sign(claims, secret(), { algorithm: 'HS256', ...options })

export const patientToken = (patientId = 'pat-a1', sub = 'user-pat-a1') =>
  tokenFor({ sub, role: 'USER', patient_id: patientId })

export const staffToken = (orgId = 'org-a', role = 'STAFF', sub = 'user-123') => tokenFor({ sub, role, org_id: orgId })

export const base64url = (input: string | Buffer): string => Buffer.from(input).toString('base64url')

export const nowSeconds = () => Math.floor(Date.now() / 1000)

/** A JWT put together by hand, so nothing in a library can refuse to build it; HS256-signed when given a secret. */
export const handMadeToken = (
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  signWith?: string,
): string => {
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`
  const signature =
    signWith === undefined ? '' : createHmac('sha256', signWith).update(signingInput).digest('base64url')
  return `${signingInput}.${signature}`
}
