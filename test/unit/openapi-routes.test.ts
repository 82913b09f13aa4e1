import { expect } from 'chai'
import { createRouter, type AppDependencies } from '../../ingress/app'
import { DOCUMENTED_ROUTES } from '../../ingress/openapi/openapi-document'

/**
 * Dependencies that are never used: routes are only registered here, never run, so each is handed this stand-in
 * for whatever it asks for (a property of it, or the result of calling it, is the stand-in again).
 */
const standIn: unknown = new Proxy(function standIn() {}, {
  get: (_, key) => (key === 'then' ? undefined : standIn),
  apply: () => standIn,
})

/** The numbers a route's middleware checks when it is made (koa-body's limit); the rest stand in. */
const dependencies = new Proxy<Record<string, unknown>>(
  { bodyLimitBytes: 65536, dependencyTimeoutMs: 1000 },
  { get: (known, key) => (typeof key === 'string' && key in known ? known[key] : standIn) },
) as unknown as AppDependencies

/** Bull Board's pages (an HTML admin tool behind its own session) are not part of this API's document. */
const UNDOCUMENTED = /^\/admin(\/|$)/

const served = () =>
  createRouter(dependencies)
    .stack.filter((layer) => !UNDOCUMENTED.test(String(layer.path)))
    .flatMap((layer) => layer.methods.filter((method) => method !== 'HEAD').map((method) => `${method} ${layer.path}`))
    .sort()

const documented = () => DOCUMENTED_ROUTES.map((route) => `${route.method.toUpperCase()} ${route.path}`).sort()

describe('OpenAPI document and router', () => {
  it('documents every route the router serves, and documents nothing it does not serve', () => {
    const routes = served()
    expect(routes).to.have.length.greaterThan(20)
    expect(documented()).to.deep.equal(routes)
  })

  it('gives every parameter of a path, and no other, as a path parameter', () => {
    for (const route of DOCUMENTED_ROUTES) {
      const inPath = [...route.path.matchAll(/:(\w+)/g)].map((match) => match[1])
      const given = (route.parameters ?? []).filter((parameter) => parameter.in === 'path').map(({ name }) => name)
      expect(given, `${route.method} ${route.path}`).to.deep.equal(inPath)
    }
  })
})
