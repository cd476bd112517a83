// Import rules between the layers (docs/architecture.md). `npm test` runs
// `npm run deps`; a violation fails it, naming the rule.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle hides which module is the lower layer; split out what both need.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-stays-core',
      severity: 'error',
      comment:
        'server/core holds the rooms and the protocol logic; it sees sockets only as SocketLike and imports no other server folder, except the history store interface it writes through (never a store itself).',
      from: { path: '^server/core/' },
      to: { path: '^server/(?!core/|history/history-(store|writer|wire)\\.ts$)' },
    },
    {
      name: 'core-no-io-libraries',
      severity: 'error',
      comment: 'The core must run under a ten-line fake socket: no ws, express, pino, node:http, SQLite or Redis.',
      from: { path: '^server/core/' },
      to: { path: '(^|/)node_modules/(ws|express|pino|better-sqlite3|ioredis)/|^(http|https|net)$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'core-no-node-http',
      severity: 'error',
      comment: 'The core does not know it is served over HTTP.',
      from: { path: '^server/core/' },
      to: { dependencyTypes: ['core'], path: '^(node:)?(http|https|net|tls)$' },
    },
    {
      name: 'cluster-only-from-assembly',
      severity: 'error',
      comment: 'server/cluster (Redis) is plugged in by server.ts alone; the core and admission see it only through their RoomBus and SeatLedger interfaces.',
      from: { path: '^server/(?!server\\.ts$|cluster/)' },
      to: { path: '^server/cluster/' },
    },
    {
      name: 'cluster-below-the-edge',
      severity: 'error',
      comment: 'server/cluster talks to Redis and to the core; it knows nothing of WebSockets, HTTP, sessions or the history store.',
      from: { path: '^server/cluster/' },
      to: { path: '^server/(edge|resume|history|ice|ops)/|(^|/)node_modules/(ws|express|better-sqlite3)/' },
    },
    {
      name: 'ioredis-only-in-cluster',
      severity: 'error',
      comment: 'Redis is reached through server/cluster (and the history store over Redis); nowhere else opens a connection.',
      from: { path: '^server/(?!cluster/|history/redis-)' },
      to: { path: '(^|/)node_modules/ioredis/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'shared-stands-alone',
      severity: 'error',
      comment: 'shared/ is the protocol both sides import; it imports neither side.',
      from: { path: '^shared/' },
      to: { path: '^(server|client)/' },
    },
    {
      name: 'client-layers-below-ui',
      severity: 'error',
      comment: 'Signaling, peers, the call, media and ICE are plain classes the UI uses; they never import the UI.',
      from: { path: '^client/(signaling|peers|call|media|ice)/' },
      to: { path: '^client/(ui|diagnostics)/' },
    },
    {
      name: 'browser-checks-built',
      severity: 'error',
      comment:
        "The page checks with code compiled at build time (client/checks/README.md): TypeBox's interpreter and compiler are ~28 KB it need not load, and the compiler needs eval, which its CSP forbids. Add the schema to client/checks/browser-schemas.ts and import its check from 'virtual:browser-checks'.",
      from: { path: '^client/' },
      to: { path: '(^|/)node_modules/@sinclair/typebox/build/[^/]+/(value|compiler|errors)/|^shared/compiled-checker\\.ts$' },
    },
    {
      name: 'client-not-server',
      severity: 'error',
      comment: 'The browser bundle shares only shared/ with the server.',
      from: { path: '^client/' },
      to: { path: '^server/' },
    },
    {
      name: 'server-not-client',
      severity: 'error',
      comment: 'The server shares only shared/ with the browser.',
      from: { path: '^server/' },
      to: { path: '^client/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
