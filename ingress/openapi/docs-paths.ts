import * as t from 'io-ts'

/** The OpenAPI document, served as JSON beside the API it describes. */
export const API_DOCUMENT_PATH = '/apis/v1/openapi.json'

/** The page that renders it (Swagger UI, served from the package: no CDN). */
export const DOCS_PATH = '/docs'

export const DOCS_ASSET_ROUTE = `${DOCS_PATH}/:asset`

/** The page's style sheet and scripts, by the names the page asks for them by. */
export const DocsAsset = t.keyof({ 'swagger-ui.css': null, 'swagger-ui-bundle.js': null, 'docs-page.js': null })
export type DocsAsset = t.TypeOf<typeof DocsAsset>

export const docsAssetPath = (asset: DocsAsset) => `${DOCS_PATH}/${asset}`
