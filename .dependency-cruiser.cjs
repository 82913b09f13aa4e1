/*
 * The import graph's rules, checked by `npm run lint` (and so by `npm test`):
 * no cycle between files, none between the folders of shared/, and shared/ kept
 * pure, as the README's layout says: codecs and rules both sides run, no I/O.
 */
const IO_MODULES = [
  // node's own I/O (with or without the `node:` prefix)
  'fs',
  'fs/promises',
  'net',
  'http',
  'https',
  'http2',
  'dgram',
  'dns',
  'tls',
  'child_process',
  'cluster',
  'worker_threads',
  // the database, the queue and the HTTP server
  'pg',
  'sequelize',
  'umzug',
  'ioredis',
  'bullmq',
  'koa',
  '@koa/router',
  'koa-body',
]
const names = IO_MODULES.map((name) => name.replace(/[/.]/g, (c) => `\\${c}`)).join('|')
// Node's modules resolve to their bare names, packages to their files under node_modules/.
const ioPattern = `^((node:)?(${names})$|node_modules/(${names})/)`

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      comment: 'A cycle between files makes their load order matter and their parts impossible to read alone.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-cycle-between-shared-folders',
      comment: "shared/'s folders are its concerns: each builds only on concerns below it, never back.",
      severity: 'error',
      scope: 'folder',
      from: { path: '^shared/' },
      to: { path: '^shared/', circular: true },
    },
    {
      name: 'shared-stays-shared',
      comment: 'shared/ is used by the API and the worker alike, so it may import neither, nor the tools around them.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(ingress|worker|scripts|bench|test)/' },
    },
    {
      name: 'shared-does-no-io',
      comment:
        'shared/ holds pure rules; I/O stays at the edges. A type-only import (a queue option type) is erased when ' +
        'compiled, so it loads nothing.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: ioPattern, dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a cycle of types still ties the files together.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^dist/' },
  },
}
