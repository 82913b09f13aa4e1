import { componentSchemas } from './schemas'
import { componentHeaders, componentResponses } from './responses'
import { openApiPath, operationOf } from './operations'
import type { RouteDoc } from './route-doc'
import { WAITLIST_REQUEST_ROUTES } from './waitlist-request-docs'
import { OPENING_ROUTES } from './opening-docs'
import { OFFER_ROUTES } from './offer-docs'
import { SERVICE_ROUTES } from './service-docs'

/** Every route the router serves, documented; a test holds this list and the router's routes the same. */
export const DOCUMENTED_ROUTES: ReadonlyArray<RouteDoc> = [
  ...WAITLIST_REQUEST_ROUTES,
  ...OPENING_ROUTES,
  ...OFFER_ROUTES,
  ...SERVICE_ROUTES,
]

const DESCRIPTION = `A patient waitlist for outpatient clinics: waitlist requests, the openings (freed slots) they are matched
against, and the offers that go out for them. The whole contract, rule by rule with every message, is docs/api.md.

**Envelope.** Every JSON answer, errors included, is \`{"code", "message", "data"}\`: \`code\` is the HTTP status × 10
(201 → 2000). Errors carry \`data: null\` and, for rules the caller can act on, \`errors: [{field, message}]\` listing
every failure; \`message\` is the first of them. No answer carries a stack trace or SQL. Every answer has an
\`X-Request-Id\` header.

**Authentication.** \`Authorization: Bearer <JWT>\` with \`sub\`, \`role\` (\`USER\` a patient, with \`patient_id\`; or
\`CLINICIAN\`, \`STAFF\`, \`ADMIN\` staff, with \`org_id\`) and \`exp\`. Patients see their own, staff their
organization's; anything else is answered as if it did not exist.

**Writes** go through a queue to a worker; the answer is the worker's, or \`202\` with a \`Location\` to read when it
takes longer than JOB_WAIT_TIMEOUT_MS (10 s).

**Also:** \`HEAD\` answers as \`GET\` without the body; \`OPTIONS\` on a path lists its methods in \`Allow\` and
\`data.allow\`. Dates are \`YYYY-MM-DD\`; instants RFC 3339 with an offset, answered in UTC with milliseconds.`

/**
 * The OpenAPI 3.1 document of the service: every route, its parameters, body and answers, each schema derived from
 * the io-ts codec that decodes it (shared/schema/json-schema.ts), examples as docs/api.md shows them.
 */
export const openApiDocument = () => {
  const paths = new Map<string, Record<string, unknown>>()
  for (const route of DOCUMENTED_ROUTES) {
    const path = openApiPath(route.path)
    paths.set(path, { ...paths.get(path), [route.method]: operationOf(route) })
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Waitlist service API', version: 'v1', description: DESCRIPTION },
    tags: [
      { name: 'Waitlist requests', description: 'A patient waiting for a slot, and the life of that wait.' },
      { name: 'Openings', description: 'Freed slots, who fits them and in what order (staff only).' },
      { name: 'Offers', description: 'A slot offered to a patient, and their answer.' },
      { name: 'Offer page', description: "The patient's HTML page behind an offer's link: not part of the JSON API." },
      { name: 'Health', description: 'For load balancers and orchestrators.' },
      { name: 'Documentation', description: 'This document, and the page that shows it.' },
    ],
    security: [{ bearer: [] }],
    paths: Object.fromEntries(paths),
    components: {
      schemas: componentSchemas(),
      responses: componentResponses(),
      headers: componentHeaders(),
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  }
}
