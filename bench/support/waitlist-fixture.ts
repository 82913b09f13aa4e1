import { performance } from 'node:perf_hooks'
import jwt from 'jsonwebtoken'
import type { Sequelize } from 'sequelize'
import type { Config } from '../../shared/config/config'
import { verificationKey } from '../../ingress/auth/verification-key'
import { loadConfig } from '../../scripts/runtime'
import { BENCH_SERVICE_SETTINGS } from './bench-processes'

/**
 * The scale fixture shared by `bench:waitlist` and `bench:matching`: a
 * million requests across 200 clinics in 20 organizations, on clinics in
 * zones from UTC−11 to UTC+14, generated set-based in PostgreSQL.
 */
export const WAITLIST_FIXTURE = {
  requests: 1_000_000,
  clinics: 200,
  organizations: 20,
  providersPerClinic: 5,
  patientsPerOrganization: 5_000,
}

const ZONES = [
  'Pacific/Pago_Pago',
  'Pacific/Honolulu',
  'America/Los_Angeles',
  'America/Denver',
  'America/Chicago',
  'America/New_York',
  'Europe/London',
  'Europe/Berlin',
  'Asia/Kolkata',
  'Asia/Tokyo',
  'Pacific/Auckland',
  'Pacific/Kiritimati',
]

/** Clinic `c`'s zone, as the generator assigns it. */
export const zoneOfClinic = (c: number): string => ZONES[c % ZONES.length] ?? 'UTC'

export const timed = async <A>(label: string, work: () => Promise<A>): Promise<{ value: A; ms: number }> => {
  const started = performance.now()
  const value = await work()
  const ms = performance.now() - started
  process.stdout.write(`${label}: ${(ms / 1000).toFixed(1)} s\n`)
  return { value, ms }
}

/**
 * Reference data and requests, all from generate_series: a million rows in
 * seconds, not a million round trips. Provider p practises at clinic p % 200,
 * so clinic c's are prov-c, prov-(c+200), … In every clinic, one in ten requests is ACTIVE with
 * an end already past everywhere (what an expiry sweep must expire), three in
 * ten have ended, the rest are ACTIVE and current. Preferences vary (a third
 * take any provider; times of day, weekdays and categories in several
 * combinations), so a slot meets a realistic share of its clinic's waitlist.
 * created_at is whole milliseconds, as the service writes it.
 */
export const generateWaitlist = async (sequelize: Sequelize, requests = WAITLIST_FIXTURE.requests): Promise<void> => {
  const { clinics, organizations, providersPerClinic, patientsPerOrganization } = WAITLIST_FIXTURE
  const zones = ZONES.map((zone) => `'${zone}'`).join(', ')
  await sequelize.query(`
    INSERT INTO organizations (id, name, waitlist_enabled, waitlist_max_span_days)
      SELECT 'org-' || o, 'Organization ' || o, true, 60 FROM generate_series(0, ${organizations - 1}) o;
    INSERT INTO clinics (id, organization_id, name, timezone)
      SELECT 'clinic-' || c, 'org-' || (c % ${organizations}), 'Clinic ' || c,
             (ARRAY[${zones}])[1 + c % ${ZONES.length}]
      FROM generate_series(0, ${clinics - 1}) c;
    INSERT INTO providers (id, first_name, last_name, title)
      SELECT 'prov-' || p, 'First' || p, 'Last' || p, 'PT' FROM generate_series(0, ${clinics * providersPerClinic - 1}) p;
    INSERT INTO provider_clinics (provider_id, clinic_id)
      SELECT 'prov-' || p, 'clinic-' || (p % ${clinics}) FROM generate_series(0, ${clinics * providersPerClinic - 1}) p;
    INSERT INTO patients (id, organization_id, first_name, last_name)
      SELECT 'pat-' || o || '-' || n, 'org-' || o, 'First' || n, 'Last' || n
      FROM generate_series(0, ${organizations - 1}) o, generate_series(0, ${patientsPerOrganization - 1}) n;
    INSERT INTO appointment_categories (id, name, appointment_type, duration_minutes)
      SELECT 'cat-' || k, 'Category ' || k, CASE WHEN k % 2 = 0 THEN 'INITIAL_EVAL' ELSE 'FOLLOW_UP' END, 30 + 15 * (k % 3)
      FROM generate_series(0, 4) k;
    INSERT INTO category_clinics (category_id, clinic_id)
      SELECT 'cat-' || k, 'clinic-' || c FROM generate_series(0, 4) k, generate_series(0, ${clinics - 1}) c;
  `)
  await sequelize.query(`
    INSERT INTO waitlist_requests (
      id, organization_id, clinic_id, patient_id, preferred_providers, preferred_time_slots, preferred_days,
      date_range_start, date_range_end, appointment_category_id, appointment_category, appointment_type,
      appointment_duration, payment_type, priority, status, notes, created_at, updated_at, created_by, updated_by)
    SELECT gen_random_uuid(), 'org-' || (c % ${organizations}), 'clinic-' || c,
           'pat-' || (c % ${organizations}) || '-' || (k % ${patientsPerOrganization}),
           CASE WHEN k % 3 = 0 THEN '{}' ELSE ARRAY['prov-' || (c + ${clinics} * (k / 3 % ${providersPerClinic}))] END,
           CASE k / 7 % 6 WHEN 0 THEN '{}' WHEN 1 THEN '{MORNING}' WHEN 2 THEN '{AFTERNOON}' WHEN 3 THEN '{EVENING}'
                          WHEN 4 THEN '{MORNING,AFTERNOON}' ELSE '{ANYTIME}' END::text[],
           CASE k / 11 % 7 WHEN 3 THEN '{MONDAY,FRIDAY}' WHEN 4 THEN '{TUESDAY,WEDNESDAY,THURSDAY}'
                           WHEN 5 THEN '{SATURDAY}' WHEN 6 THEN '{MONDAY,WEDNESDAY,FRIDAY}' ELSE '{}' END::text[],
           e - (k % 20), e, 'cat-' || (k % 5), 'Category ' || (k % 5),
           CASE WHEN k % 5 % 2 = 0 THEN 'INITIAL_EVAL' ELSE 'FOLLOW_UP' END, 30 + 15 * (k % 5 % 3),
           CASE WHEN g % 2 = 0 THEN 'SELF_PAY' ELSE 'INSURANCE_PAY' END, 1 + (k::bigint * 7919) % 5,
           CASE k % 10 WHEN 1 THEN 'FULFILLED' WHEN 2 THEN 'CANCELLED' WHEN 3 THEN 'EXPIRED' ELSE 'ACTIVE' END,
           NULL, t, t, 'bench', 'bench'
    FROM (
      -- c: the clinic; k: the request's place in its clinic, from which everything else about it is drawn, so
      -- every clinic gets every mix (drawn from g, a clinic's rows would share g % 10, g % 20 and g % 5).
      SELECT g, g % ${clinics} AS c, g / ${clinics} AS k,
             CASE WHEN g / ${clinics} % 10 = 0 THEN current_date - 3 - (g / ${clinics} % 30)
                  ELSE current_date + 2 + (g / ${clinics} % 45) END AS e,
             date_trunc('milliseconds', now() - make_interval(secs => (g * 4.7) % (60 * 86400))) AS t
      FROM generate_series(1, ${requests}) g
    ) s
  `)
  await sequelize.query(`
    INSERT INTO waitlist_request_history (request_id, version, event, actor, at)
      SELECT id, 1, 'created', created_by, created_at FROM waitlist_requests
  `)
  await sequelize.query('VACUUM ANALYZE')
  // Generation leaves a checkpoint's worth of dirty pages behind; flush them so what follows is timed on its own.
  await sequelize.query('CHECKPOINT')
}

/** The configuration of a throwaway bench run: its own database and queue prefix, dropped afterwards. */
export const benchConfig = (): Config => {
  const base = loadConfig()
  const url = new URL(base.DATABASE_URL)
  url.pathname = `/waitlist_bench_${process.pid}`
  return {
    ...base,
    DATABASE_URL: url.toString(),
    QUEUE_PREFIX: `{waitlist-bench-${process.pid}}`,
    PORT: 0,
    LOG_LEVEL: 'silent',
    EXPIRY_SWEEP_INTERVAL_MS: 0,
    ...BENCH_SERVICE_SETTINGS,
  }
}

/** A token the bench's ingress accepts, with these claims (a role and its org_id or patient_id). */
export const benchToken = (config: Config, claims: Record<string, string>, subject = 'bench'): string => {
  const key = verificationKey(config)
  return jwt.sign(claims, key.key, {
    algorithm: 'HS256',
    subject,
    expiresIn: 3600,
    ...(key.issuer === undefined ? {} : { issuer: key.issuer }),
    ...(key.audience === undefined ? {} : { audience: key.audience }),
  })
}

/** A staff token of `organization`. */
export const benchStaffToken = (config: Config, organization: string): string =>
  benchToken(config, { role: 'STAFF', org_id: organization })
