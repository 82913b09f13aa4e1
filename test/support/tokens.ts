import jwt from 'jsonwebtoken'

const secret = (): string => process.env['JWT_SECRET'] ?? ''

/** A token signed as the service expects (HS256, with exp); pass claims to vary it. */
export const tokenFor = (claims: Record<string, unknown>, options: jwt.SignOptions = { expiresIn: 600 }): string =>
  jwt.sign(claims, secret(), { algorithm: 'HS256', ...options })

export const patientToken = (patientId = 'pat-a1', sub = 'user-pat-a1') =>
  tokenFor({ sub, role: 'USER', patient_id: patientId })

export const staffToken = (orgId = 'org-a', role = 'STAFF', sub = 'user-123') => tokenFor({ sub, role, org_id: orgId })
