import * as t from 'io-ts'
import { OFFER_PAGE_ROUTE } from '../offer-page/offer-page-paths'
import { Liveness, Readiness } from '../routes/health'
import { API_DOCUMENT_PATH, DOCS_ASSET_ROUTE, DOCS_PATH, DocsAsset } from './docs-paths'
import type { RouteDoc } from './route-doc'

const token = {
  name: 'token',
  in: 'path',
  codec: t.string,
  required: true,
  description: "The token of the offer's link: the patient's credential, so never logged, cached or sent on.",
} as const

/** A page's answers: a page for the patient, whatever happened. */
const pageAnswers = {
  404: { description: 'The link is not valid.', text: ['text/html'] },
  500: { description: 'A fault; opening the link again shows whether an answer was taken.', text: ['text/html'] },
  503: { description: 'A dependency did not answer; try again in a moment.', text: ['text/html'] },
} as const

const answerPage = (answer: 'accept' | 'decline'): RouteDoc => ({
  method: 'post',
  path: `${OFFER_PAGE_ROUTE}/${answer}`,
  operationId: `${answer}OfferOnPage`,
  tag: 'Offer page',
  summary: `The page's ${answer === 'accept' ? 'Accept' : 'Decline'} button`,
  description:
    "A form post from the offer's own page (a post from another site is refused), answered with a redirect back to the page, which then shows the outcome.",
  access: 'public',
  parameters: [token],
  responses: {
    303: {
      description: 'Back to the page (with `?sent=pending` or `?sent=closed` when it has news).',
      headers: ['Location'],
    },
    403: { description: 'A post from another site: the answer was not taken.', text: ['text/html'] },
    ...pageAnswers,
  },
})

/** The routes outside the JSON API's resources: health, this document and its page, the patient's offer page. */
export const SERVICE_ROUTES: ReadonlyArray<RouteDoc> = [
  {
    method: 'get',
    path: '/healthz',
    operationId: 'liveness',
    tag: 'Health',
    summary: 'Liveness',
    description: 'Answers while the process lives.',
    access: 'public',
    responses: { 200: { description: 'Alive.', data: { codec: Liveness } } },
  },
  {
    method: 'get',
    path: '/readyz',
    operationId: 'readiness',
    tag: 'Health',
    summary: 'Readiness',
    description:
      'Answers when PostgreSQL and Redis each answer within DEPENDENCY_TIMEOUT_MS (otherwise a 503 naming each one down): `ready` when every queue has a worker consuming it, `degraded` (still 200: reads are answered and writes queued durably) when one has none.',
    access: 'public',
    responses: {
      200: {
        description: 'Every dependency answered.',
        data: {
          codec: Readiness,
          examples: {
            up: {
              summary: 'Ready',
              value: {
                status: 'ready',
                dependencies: { postgres: 'up', redis: 'up' },
                workers: { 'waitlist-requests': 2, 'waitlist-imports': 2, 'waitlist-events': 2 },
              },
            },
            noWorker: {
              summary: 'No worker consuming',
              value: {
                status: 'degraded',
                dependencies: { postgres: 'up', redis: 'up' },
                workers: { 'waitlist-requests': 0, 'waitlist-imports': 0, 'waitlist-events': 0 },
              },
            },
          },
        },
      },
      503: { shared: 'ServiceUnavailable' },
    },
  },
  {
    method: 'get',
    path: '/metrics',
    operationId: 'metrics',
    tag: 'Health',
    summary: 'Prometheus metrics',
    description:
      "The API process's metrics in Prometheus's text format; only `Authorization: Bearer <METRICS_TOKEN>` when METRICS_TOKEN is set. Never rate limited. Worker processes serve theirs on WORKER_METRICS_PORT.",
    access: 'public',
    responses: {
      200: { description: 'The metrics.', text: ['text/plain'] },
      401: { shared: 'Unauthorized' },
    },
  },
  {
    method: 'get',
    path: API_DOCUMENT_PATH,
    operationId: 'openApiDocument',
    tag: 'Documentation',
    summary: 'This document',
    description: 'OpenAPI 3.1, derived from the codecs that decode every request and answer. No token needed.',
    access: 'public',
    responses: { 200: { description: 'The document.', json: { codec: t.UnknownRecord } } },
  },
  {
    method: 'get',
    path: DOCS_PATH,
    operationId: 'docsPage',
    tag: 'Documentation',
    summary: 'This document as a page',
    description:
      'Swagger UI, served by this service from its own package (no CDN), under a strict Content-Security-Policy.',
    access: 'public',
    responses: { 200: { description: 'The page.', text: ['text/html'] } },
  },
  {
    method: 'get',
    path: DOCS_ASSET_ROUTE,
    operationId: 'docsPageAsset',
    tag: 'Documentation',
    summary: "The docs page's style sheet and scripts",
    description: 'What the docs page loads; any other name is a 404.',
    access: 'public',
    parameters: [{ name: 'asset', in: 'path', codec: DocsAsset, required: true, description: 'The file.' }],
    responses: {
      200: { description: 'The file.', text: ['text/css', 'text/javascript'] },
      404: { shared: 'NotFound' },
    },
  },
  {
    method: 'get',
    path: OFFER_PAGE_ROUTE,
    operationId: 'offerPage',
    tag: 'Offer page',
    summary: "The patient's offer page",
    description:
      "Outside the JSON API: the HTML page behind an offer's `link`, no login (the token is the credential), with Accept and Decline buttons while the offer waits (docs/offer-page.md).",
    access: 'public',
    parameters: [token],
    responses: {
      200: { description: "The page: the slot on the clinic's clock, and how the offer stands.", text: ['text/html'] },
      ...pageAnswers,
    },
  },
  answerPage('accept'),
  answerPage('decline'),
]
