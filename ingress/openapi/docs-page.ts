import { API_DOCUMENT_PATH, docsAssetPath, type DocsAsset } from './docs-paths'

/**
 * What runs the page: Swagger UI on this service's document. A file of its own rather than an inline script, so
 * the policy below allows no inline script at all. No validator badge (it would call out to the Internet).
 */
const START_SCRIPT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: ${JSON.stringify(API_DOCUMENT_PATH)},
    dom_id: '#docs',
    deepLinking: true,
    validatorUrl: null,
  })
})
`

export const DOCS_PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Waitlist service API</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="${docsAssetPath('swagger-ui.css')}" />
  </head>
  <body>
    <div id="docs"></div>
    <script src="${docsAssetPath('swagger-ui-bundle.js')}"></script>
    <script src="${docsAssetPath('docs-page.js')}"></script>
  </body>
</html>
`

/**
 * Everything the page loads comes from this service: scripts and styles from its own files only (no inline script,
 * no eval), requests ("Try it out") to this service only, and no other site may frame it.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

export const DOCS_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
}

const CSS = 'text/css; charset=utf-8'
const SCRIPT = 'text/javascript; charset=utf-8'

/** Where each asset comes from: a file of the swagger-ui-dist package, or this module. */
export const DOCS_ASSETS: Readonly<
  Record<DocsAsset, { readonly type: string } & ({ readonly file: string } | { readonly text: string })>
> = {
  'swagger-ui.css': { type: CSS, file: 'swagger-ui.css' },
  'swagger-ui-bundle.js': { type: SCRIPT, file: 'swagger-ui-bundle.js' },
  'docs-page.js': { type: SCRIPT, text: START_SCRIPT },
}
