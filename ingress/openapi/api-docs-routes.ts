import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type Router from '@koa/router'
import type { Middleware } from 'koa'
import { DOCS_ASSETS, DOCS_HEADERS, DOCS_PAGE } from './docs-page'
import { API_DOCUMENT_PATH, DOCS_ASSET_ROUTE, DOCS_PATH, DocsAsset } from './docs-paths'
import { openApiDocument } from './openapi-document'

/** Where swagger-ui-dist is installed: its files are the page's style sheet and script. */
const SWAGGER_UI = dirname(require.resolve('swagger-ui-dist/package.json'))

/** The assets change only with the package, so a browser may keep them a while. */
const ASSET_CACHE = 'public, max-age=3600'

/**
 * `GET /apis/v1/openapi.json` (the document, no token needed), `GET /docs` (the page showing it) and the page's
 * assets, read from node_modules when first asked for and kept. Nothing here needs a token: the document says what
 * the API is, never what it holds.
 */
export const registerApiDocs = <S>(router: Router<S>): void => {
  // Written once: the document is the same for every request, and about 200 KB.
  const document = JSON.stringify(openApiDocument())
  const assets = new Map<DocsAsset, Promise<Buffer | string>>()
  const load = (asset: DocsAsset): Promise<Buffer | string> => {
    const source = DOCS_ASSETS[asset]
    const known = assets.get(asset)
    if (known !== undefined) return known
    const loaded = 'text' in source ? Promise.resolve(source.text) : readFile(join(SWAGGER_UI, source.file))
    assets.set(asset, loaded)
    // A failed read is not kept: the next request reads again.
    loaded.catch(() => assets.delete(asset))
    return loaded
  }

  const serveDocument: Middleware = (ctx) => {
    ctx.type = 'application/json; charset=utf-8'
    ctx.body = document
  }
  const servePage: Middleware = (ctx) => {
    ctx.set(DOCS_HEADERS)
    ctx.type = 'text/html; charset=utf-8'
    ctx.body = DOCS_PAGE
  }
  const serveAsset: Middleware = async (ctx) => {
    const asset = (ctx as unknown as { params: Record<string, string | undefined> }).params['asset']
    // An unknown name falls through to the envelope's 404.
    if (!DocsAsset.is(asset)) return
    const body = await load(asset)
    ctx.set(DOCS_HEADERS)
    ctx.set('Cache-Control', ASSET_CACHE)
    ctx.type = DOCS_ASSETS[asset].type
    ctx.body = body
  }

  router.get(API_DOCUMENT_PATH, serveDocument)
  router.get(DOCS_PATH, servePage)
  router.get(DOCS_ASSET_ROUTE, serveAsset)
}
