import { parseArgs } from 'node:util'
import { DateTime } from 'luxon'
import jwt from 'jsonwebtoken'
import { Role } from '../shared/auth/actor'
import { verificationKey } from '../ingress/auth/verification-key'
import { loadConfig } from './runtime'

const usage = `usage: npm run token -- [--role USER|CLINICIAN|STAFF|ADMIN] [--sub ID] [--patient ID] [--org ID] [--hours N] [--curl]

Prints a signed token for the demo data (HS256 with JWT_SECRET, or the generated development secret).
  --role     USER (a patient, the default) or a staff role
  --sub      the user's id, recorded as created_by (default user-123)
  --patient  the patient_id claim of a USER token (default patient-012)
  --org      the org_id claim of a staff token (default org-1)
  --hours    lifetime in hours (default 12; at most JWT_MAX_LIFETIME_SECONDS, 24 hours by default)
  --curl     print the API page's example request as a ready curl command instead`

const { values } = parseArgs({
  options: {
    role: { type: 'string', default: 'USER' },
    sub: { type: 'string', default: 'user-123' },
    patient: { type: 'string', default: 'patient-012' },
    org: { type: 'string', default: 'org-1' },
    hours: { type: 'string', default: '12' },
    curl: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
})

const fail = (message: string): never => {
  process.stderr.write(`${message}\n\n${usage}\n`)
  process.exit(2)
}

if (values.help) {
  process.stdout.write(`${usage}\n`)
  process.exit(0)
}
const role = values.role.toUpperCase()
if (!Role.is(role)) fail(`unknown role ${values.role}`)
const hours = Number(values.hours)
if (!Number.isFinite(hours) || hours <= 0) fail('--hours must be a positive number')

const config = loadConfig()
if (hours * 3600 > config.JWT_MAX_LIFETIME_SECONDS) {
  fail(
    `--hours must be at most ${config.JWT_MAX_LIFETIME_SECONDS / 3600}: the API refuses tokens that live longer (JWT_MAX_LIFETIME_SECONDS)`,
  )
}
const key = verificationKey(config)
if (!key.algorithms.includes('HS256')) {
  fail('JWT_PUBLIC_KEY is set: tokens then come from your identity provider, not from this command')
}

const claims = role === 'USER' ? { role, patient_id: values.patient } : { role, org_id: values.org }
const token = jwt.sign(claims, key.key, {
  algorithm: 'HS256',
  subject: values.sub,
  expiresIn: Math.round(hours * 3600),
  ...(key.issuer === undefined ? {} : { issuer: key.issuer }),
  ...(key.audience === undefined ? {} : { audience: key.audience }),
})

if (!values.curl) {
  process.stdout.write(`${token}\n`)
} else {
  // The page's example, moved a week ahead so its dates are still to come; its 31 days fit org-1's 60-day span.
  const start = DateTime.now().setZone('America/New_York').plus({ days: 7 })
  const body = {
    clinic_id: 'clinic-123',
    preferred_providers: ['provider-789', 'provider-012'],
    preferred_time_slots: ['MORNING', 'AFTERNOON'],
    preferred_days: ['MONDAY', 'WEDNESDAY', 'FRIDAY'],
    date_range_start: start.toISODate(),
    date_range_end: start.plus({ days: 31 }).toISODate(),
    appointment_category_id: '2058',
    appointment_category: 'Physical Therapy',
    appointment_type: 'Initial Evaluation',
    payment_type: 'INSURANCE_PAY',
    priority: 3,
    notes: 'Patient prefers morning appointments',
  }
  const query = role === 'USER' ? '' : `?patient_id=${values.patient}`
  process.stdout.write(
    [
      `curl -i 'http://localhost:${config.PORT}/apis/v1/waitlist-requests${query}' \\`,
      `  --header 'Authorization: Bearer ${token}' \\`,
      `  --header 'Content-Type: application/json' \\`,
      `  --data '${JSON.stringify(body, null, 2)}'`,
      '',
    ].join('\n'),
  )
}
